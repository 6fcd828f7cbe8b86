// The offline engine: state that survives across invocations, Pulumi's ignoreChanges honoured
// (so a promotion survives a deploy, exactly as on AWS), one update at a time, and destroy.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { projectName } from "../../src/core/naming.ts";
import { parseStackConfig, toPulumiConfig } from "../../src/core/stack-config.ts";
import { SandboxEngine } from "../../src/pulumi/sandbox-engine.ts";
import { SandboxStore } from "../../src/pulumi/sandbox-store.ts";
import { SandboxTraffic } from "../../src/pulumi/sandbox-traffic.ts";
import { systemClock } from "../../src/wiring.ts";

const project = projectName("acme/shop");
const config = (images: { blue: string; green: string }) =>
  toPulumiConfig(parseStackConfig({ pr: "42", repo: "acme/shop", region: "us-east-1", blueImage: images.blue, greenImage: images.green }));

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "prenv-sandbox-"));
});
const engine = (options: Partial<ConstructorParameters<typeof SandboxEngine>[0]> = {}) =>
  new SandboxEngine({ project, store: new SandboxStore(root), clock: systemClock, ...options });

/** What a bot promotion does to the live listener (in the sandbox's cloud). */
async function promoteInStore(to: "blue" | "green") {
  const store = new SandboxStore(root);
  const state = (await store.read(project, "pr-42"))!;
  const arns = { blue: state.outputs.blueTargetGroupArn, green: state.outputs.greenTargetGroupArn };
  const resources = state.resources.map((r) =>
    r.type === "aws:lb/listener:Listener" && r.name === "listener"
      ? { ...r, inputs: { ...r.inputs, defaultActions: [{ type: "forward", forward: { targetGroups: [{ arn: arns.blue, weight: to === "blue" ? 100 : 0 }, { arn: arns.green, weight: to === "green" ? 100 : 0 }] } }] } }
      : r,
  );
  await store.write({ ...state, resources });
}

describe("SandboxEngine", () => {
  it("keeps a stack's state across invocations, and says everything is simulated", async () => {
    const lines: string[] = [];
    const result = await engine().deploy("pr-42", config({ blue: "app:1", green: "app:1" }), (l) => lines.push(l));
    expect(engine().simulated).toBe(true);
    expect(lines[0]).toBe("Updating (pr-42), simulated by the prenv sandbox: nothing is created in AWS");
    expect(lines.at(-1)).toBe(`Resources: ${result.resources.length} created, 0 updated, 0 deleted, 0 unchanged`);
    expect(await engine().outputs("pr-42")).toEqual(result.outputs);
    expect(result.outputs.blueImage).toBe("app:1");
    expect(await engine().outputs("pr-99")).toBeUndefined();
  });

  it("does not revert a promotion: the listener's forwarding is the bot's, as the program declares", async () => {
    await engine().deploy("pr-42", config({ blue: "app:1", green: "app:1" }), () => {});
    await promoteInStore("green");
    const lines: string[] = [];
    const { outputs } = await engine().deploy("pr-42", config({ blue: "app:2", green: "app:1" }), (l) => lines.push(l));
    const live = await new SandboxTraffic(new SandboxStore(root), systemClock).read({ repo: "acme/shop", pr: 42, outputs });
    expect(live?.production.weights).toEqual({ blue: 0, green: 100 });
    expect(lines).toContain(" ~  aws:ecs/taskDefinition:TaskDefinition blue-task updated [diff: ~containerDefinitions]");
    expect(lines.some((l) => l.includes("Listener listener"))).toBe(false);
  });

  it("does revert drift on what Pulumi owns (the control for the test above)", async () => {
    await engine().deploy("pr-42", config({ blue: "app:1", green: "app:1" }), () => {});
    const store = new SandboxStore(root);
    const state = (await store.read(project, "pr-42"))!;
    await store.write({
      ...state,
      resources: state.resources.map((r) => (r.name === "blue-tg" ? { ...r, inputs: { ...r.inputs, deregistrationDelay: 999 } } : r)),
    });
    const lines: string[] = [];
    await engine().deploy("pr-42", config({ blue: "app:1", green: "app:1" }), (l) => lines.push(l));
    expect(lines).toContain(" ~  aws:lb/targetGroup:TargetGroup blue-tg updated [diff: ~deregistrationDelay]");
  });

  it("destroys a stack once; a stack that does not exist is nothing to destroy", async () => {
    await engine().deploy("pr-42", config({ blue: "app:1", green: "app:1" }), () => {});
    const lines: string[] = [];
    expect(await engine().destroy("pr-42", (l) => lines.push(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^Resources: \d+ deleted \(simulated by the prenv sandbox\)$/);
    expect(await engine().outputs("pr-42")).toBeUndefined();
    expect(await engine().destroy("pr-42", () => {})).toBe(false);
  });

  it("runs one update at a time: a destroy waits for the deploy holding the lock", async () => {
    const order: string[] = [];
    const deploying = engine({ delayMs: 300 }).deploy("pr-42", config({ blue: "app:1", green: "app:1" }), () => {}).then(() => order.push("deployed"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const destroying = engine().destroy("pr-42", () => {}).then((existed) => order.push(`destroyed:${existed}`));
    await Promise.all([deploying, destroying]);
    expect(order).toEqual(["deployed", "destroyed:true"]);
    expect(await engine().outputs("pr-42")).toBeUndefined();
  });

  it("clears a lock left by a crashed run, and names a live one it cannot wait out", async () => {
    const store = new SandboxStore(root);
    await store.withLock(project, "pr-42", { clock: systemClock }, async () => {
      await expect(engine({ lockTimeoutMs: 300 }).destroy("pr-42", () => {})).rejects.toThrow(
        new RegExp(`^stack pr-42 is locked by another update \\(waited \\d+s\\)\\. If no other prenv run is active for this PR, the lock is stale: delete ${join(root, project, "pr-42.lock")} and run again\\.$`),
      );
    });
    await writeFile(join(root, project, "pr-42.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, at: "2026-01-01T00:00:00Z" }));
    expect(await engine({ lockTimeoutMs: 300 }).destroy("pr-42", () => {})).toBe(false);
  });
});

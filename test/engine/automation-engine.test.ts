// The Automation API adapter against a stand-in Pulumi CLI: the exact commands it runs for deploy
// and destroy, how it waits out a locked stack, and a stack that does not exist. One test runs a
// real (shim) `pulumi` binary, so the process-spawning path is exercised too.
import { chmod, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { automation } from "@pulumi/pulumi";
import { SemVer } from "semver";
import { describe, expect, it } from "vitest";
import { AutomationEngine } from "../../src/pulumi/automation-engine.ts";
import { virtualClock } from "../helpers/clock.ts";

interface Reply {
  stdout?: string;
  stderr?: string;
  /** Throw this kind of Automation API error instead of answering. */
  error?: "notFound" | "locked";
}

/** A stand-in CLI: records every call and answers from a script keyed by the command's first words. */
class FakeCli {
  readonly command = "pulumi";
  readonly version = new SemVer("3.200.0");
  readonly calls: { args: string[]; env: Record<string, string> }[] = [];
  private readonly script: [string, Reply[]][];

  constructor(script: Record<string, Reply | Reply[]>) {
    this.script = Object.entries(script).map(([key, reply]) => [key, Array.isArray(reply) ? [...reply] : [reply]]);
  }

  async run(args: string[], _cwd: string, env: Record<string, string>, onOutput?: (line: string) => void) {
    this.calls.push({ args: [...args], env: { ...env } });
    const entry = this.script.find(([key]) => args.join(" ").startsWith(key));
    const replies = entry?.[1] ?? [];
    const reply = (replies.length > 1 ? replies.shift() : replies[0]) ?? {};
    const result = { stdout: reply.stdout ?? "", stderr: reply.stderr ?? "", code: reply.error ? 255 : 0, toString: () => reply.stderr ?? "" };
    if (reply.error === "notFound") throw new automation.StackNotFoundError(result as never);
    if (reply.error === "locked") throw new automation.ConcurrentUpdateError(result as never);
    if (reply.stdout && onOutput && args[0] !== "stack") onOutput(reply.stdout);
    return result;
  }
}

const OUTPUTS = JSON.stringify({ appUrl: "http://alb.example", blueImage: "app:1", greenImage: "app:2", vpcId: "vpc-1" });
const HISTORY = JSON.stringify([{ version: 1, kind: "update", startTime: "2026-01-01T00:00:00Z", endTime: "2026-01-01T00:01:00Z", message: "", environment: {}, config: {}, result: "succeeded" }]);
const EXPORT = JSON.stringify({
  version: 3,
  deployment: {
    resources: [
      { urn: "urn:pulumi:pr-42::p::pulumi:pulumi:Stack::p-pr-42", type: "pulumi:pulumi:Stack", custom: false },
      { urn: "urn:pulumi:pr-42::p::pulumi:providers:aws::default", type: "pulumi:providers:aws", custom: true },
      { urn: "urn:pulumi:pr-42::p::prenv:network:Network$aws:ec2/natGateway:NatGateway::nat-0", type: "aws:ec2/natGateway:NatGateway", custom: true, id: "nat-1", inputs: {}, outputs: {} },
    ],
  },
});

const engine = (cli: FakeCli, extra: Partial<ConstructorParameters<typeof AutomationEngine>[0]> = {}) =>
  new AutomationEngine({ project: "prenv-shop-1a2b3c4d", backendUrl: "s3://state/prenv", cli: cli, clock: virtualClock(), log: () => {}, ...extra });

describe("AutomationEngine.deploy", () => {
  it("selects (or creates) the stack, sets the whole config, runs up, and reads outputs and resources", async () => {
    const cli = new FakeCli({
      "stack select": { error: "notFound", stderr: "error: no stack named 'pr-42' found" },
      "up ": { stdout: "Updating (pr-42)\n" },
      "stack output": { stdout: OUTPUTS },
      "stack history": { stdout: HISTORY },
      "stack export": { stdout: EXPORT },
    });
    const lines: string[] = [];
    const result = await engine(cli).deploy("pr-42", { "prenv:pr": "42", "prenv:blueImage": "app:1", "aws:region": "us-east-1" }, (l) => lines.push(l));

    expect(cli.calls.map((c) => c.args)).toEqual([
      ["stack", "select", "--stack", "pr-42"],
      ["stack", "init", "pr-42"],
      ["config", "set-all", "--stack", "pr-42", "--plaintext", "prenv:pr=42", "--plaintext", "prenv:blueImage=app:1", "--plaintext", "aws:region=us-east-1"],
      ["up", "--yes", "--skip-preview", "--color", "never", expect.stringMatching(/^--client=127\.0\.0\.1:\d+$/), "--exec-kind", "auto.inline", "--stack", "pr-42"],
      ["stack", "output", "--json", "--stack", "pr-42"],
      ["stack", "output", "--json", "--show-secrets", "--stack", "pr-42"],
      ["stack", "history", "--json", "--show-secrets", "--page-size", "1", "--page", "1", "--stack", "pr-42"],
      ["stack", "export", "--show-secrets", "--stack", "pr-42"],
    ]);
    expect(cli.calls.every((c) => c.env["PULUMI_BACKEND_URL"] === "s3://state/prenv")).toBe(true);
    expect(lines).toEqual(["Updating (pr-42)\n"]);
    expect(result.outputs).toMatchObject({ appUrl: "http://alb.example", blueImage: "app:1", greenImage: "app:2", vpcId: "vpc-1", dbEndpoint: "" });
    expect(result.resources).toEqual([{ type: "aws:ec2/natGateway:NatGateway", name: "nat-0", id: "nat-1", inputs: {}, state: {} }]);
  });

  it("runs the user's own program folder instead of the built-in stack", async () => {
    const cli = new FakeCli({ "stack output": { stdout: "{}" }, "stack history": { stdout: HISTORY }, "stack export": { stdout: EXPORT } });
    const dir = await mkdtemp(join(tmpdir(), "prenv-program-"));
    await writeFile(join(dir, "Pulumi.yaml"), "name: mine\nruntime: nodejs\n");
    await engine(cli, { programDir: dir }).deploy("pr-7", { "prenv:pr": "7" }, () => {});
    expect(cli.calls.map((c) => c.args[0])).toEqual(["stack", "config", "up", "stack", "stack", "stack", "stack"]);
    expect(cli.calls[2]!.args).toEqual(["up", "--yes", "--skip-preview", "--color", "never", "--exec-kind", "auto.local", "--stack", "pr-7"]);
  });

  it("waits out another update's lock with backoff, then goes ahead", async () => {
    const cli = new FakeCli({
      "up ": [{ error: "locked", stderr: "the stack is currently locked by 1 lock(s)" }, { error: "locked" }, {}],
      "stack output": { stdout: OUTPUTS },
      "stack history": { stdout: HISTORY },
      "stack export": { stdout: EXPORT },
    });
    const time = virtualClock();
    const logged: string[] = [];
    await engine(cli, { clock: time, log: (m) => logged.push(m) }).deploy("pr-42", {}, () => {});
    expect(time.slept).toEqual([5_000, 10_000]);
    expect(logged).toEqual(["stack pr-42 is locked by another update; waiting 5s", "stack pr-42 is locked by another update; waiting 10s"]);
    expect(cli.calls.filter((c) => c.args[0] === "up")).toHaveLength(3);
  });

  it("gives up on a lock that outlasts the timeout, saying how to clear a stale one", async () => {
    const cli = new FakeCli({ "up ": { error: "locked" } });
    await expect(engine(cli, { lockTimeoutMs: 60_000 }).deploy("pr-42", {}, () => {})).rejects.toThrow(
      "stack pr-42 is locked by another update (waited 75s). If no other prenv run is deploying or destroying this PR, the lock is stale: " +
        "delete the stack's lock file under .pulumi/locks/ in s3://state/prenv, then re-run this workflow.",
    );
    const cloud = new FakeCli({ "up ": { error: "locked" } });
    await expect(engine(cloud, { lockTimeoutMs: 0, backendUrl: undefined }).deploy("pr-42", {}, () => {})).rejects.toThrow(
      "run `pulumi cancel --stack pr-42 --yes`",
    );
  });
});

describe("AutomationEngine.destroy", () => {
  it("destroys the stack and removes it from the backend", async () => {
    const cli = new FakeCli({ destroy: { stdout: "Destroying (pr-42)\n" }, "stack history": { stdout: HISTORY } });
    const lines: string[] = [];
    expect(await engine(cli).destroy("pr-42", (l) => lines.push(l))).toBe(true);
    expect(cli.calls.map((c) => c.args)).toEqual([
      ["stack", "select", "--stack", "pr-42"],
      ["destroy", "--yes", "--skip-preview", "--color", "never", expect.stringMatching(/^--client=127\.0\.0\.1:\d+$/), "--exec-kind", "auto.inline", "--stack", "pr-42"],
      ["stack", "history", "--json", "--show-secrets", "--page-size", "1", "--page", "1", "--stack", "pr-42"],
      ["stack", "rm", "--yes", "pr-42"],
    ]);
    expect(lines).toEqual(["Destroying (pr-42)\n"]);
  });

  it("treats a stack that does not exist as already destroyed", async () => {
    const cli = new FakeCli({ "stack select": { error: "notFound", stderr: "error: no stack named 'pr-42' found" } });
    expect(await engine(cli).destroy("pr-42", () => {})).toBe(false);
    expect(cli.calls.map((c) => c.args[1])).toEqual(["select"]);
  });
});

describe("AutomationEngine.listStacks", () => {
  it("lists the project's stacks in the backend with when each was last updated", async () => {
    const listed = JSON.stringify([
      { name: "pr-42", current: false, lastUpdate: "2026-11-22T10:00:00.000Z", updateInProgress: false, resourceCount: 61 },
      { name: "pr-7", current: false, updateInProgress: true },
      { name: "staging", current: false, lastUpdate: "2026-11-01T08:30:00.000Z" },
    ]);
    const cli = new FakeCli({ "stack ls": { stdout: listed } });
    expect(await engine(cli).listStacks()).toEqual([
      { name: "pr-42", updatedAt: "2026-11-22T10:00:00.000Z" },
      { name: "pr-7" },
      { name: "staging", updatedAt: "2026-11-01T08:30:00.000Z" },
    ]);
    expect(cli.calls.map((c) => c.args)).toEqual([["stack", "ls", "--json"]]);
    expect(cli.calls[0]!.env).toMatchObject({ PULUMI_BACKEND_URL: "s3://state/prenv" });
  });
});

describe("AutomationEngine.outputs", () => {
  it("reads the last deployment's outputs, or nothing for a stack that does not exist", async () => {
    expect(await engine(new FakeCli({ "stack output": { stdout: OUTPUTS } })).outputs("pr-42")).toMatchObject({ appUrl: "http://alb.example" });
    expect(await engine(new FakeCli({ "stack select": { error: "notFound" } })).outputs("pr-42")).toBeUndefined();
  });
});

describe("a real `pulumi` process (shim binary)", () => {
  it("spawns the CLI it finds, passing the backend, and maps its 'no stack' answer", async () => {
    const root = await mkdtemp(join(tmpdir(), "prenv-cli-"));
    await mkdir(join(root, "bin"));
    const log = join(root, "calls.log");
    const shim = join(root, "bin", "pulumi");
    await writeFile(
      shim,
      [
        "#!/bin/sh",
        `echo "$PULUMI_BACKEND_URL $*" >> "${log}"`,
        'if [ "$1" = "version" ]; then echo "v3.200.0"; exit 0; fi',
        'if [ "$1 $2" = "stack select" ]; then echo "error: no stack named \'pr-42\' found" >&2; exit 255; fi',
        "exit 0",
      ].join("\n"),
    );
    await chmod(shim, 0o755);
    const engine = new AutomationEngine({ project: "prenv-shop-1a2b3c4d", backendUrl: "file:///tmp/state", cliRoot: root, clock: virtualClock(), log: () => {} });
    expect(await engine.outputs("pr-42")).toBeUndefined();
    expect(await engine.destroy("pr-42", () => {})).toBe(false);
    expect((await readFile(log, "utf8")).trim().split("\n")).toEqual([
      "version",
      "file:///tmp/state stack select --stack pr-42 --non-interactive",
      "file:///tmp/state stack select --stack pr-42 --non-interactive",
    ]);
  });
});

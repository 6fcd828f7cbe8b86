// `prenv deploy`, `promote`, `status` and `destroy` from a terminal, across separate invocations,
// on the sandbox; and bad input refused with exit 2 before any AWS call.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.ts";
import { projectName } from "../../src/core/naming.ts";
import { SandboxStore } from "../../src/pulumi/sandbox-store.ts";
import { cloudResources } from "../../src/pulumi/sandbox-inventory.ts";

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "prenv-cli-"));
});

async function prenv(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { GITHUB_REPOSITORY: "acme/shop" }, cwd });
  return { code, stdout, stderr };
}

describe("the sandbox from the command line", () => {
  it("deploys, promotes, reports and destroys across invocations, never reverting a promotion", async () => {
    const first = await prenv("deploy", "--pr", "42", "--sandbox", "--image", "ghcr.io/acme/shop:{sha}", "--sha", "1111111");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^pr-42: deployed \(simulated\) to both colours; app http:\/\/pr42-shop-[0-9a-f]{8}-alb-\d+\.us-east-1\.elb\.amazonaws\.com; outputs in .*cfn-outputs\/flat-outputs\.json\n$/);
    expect(JSON.parse(await readFile(join(cwd, "cfn-outputs", "flat-outputs.json"), "utf8"))).toMatchObject({ blueImage: "ghcr.io/acme/shop:1111111" });

    expect((await prenv("deploy", "--pr", "42", "--sandbox", "--image", "ghcr.io/acme/shop:v2")).stdout).toMatch(/deployed \(simulated\) to green;/);
    expect((await prenv("promote", "--pr", "42", "--to", "green", "--sandbox")).stdout).toBe(
      "pr-42: production traffic blue 100% · green 0% -> blue 0% · green 100%; the test listener serves blue\n",
    );
    expect((await prenv("deploy", "--pr", "42", "--sandbox", "--image", "ghcr.io/acme/shop:v3")).stdout).toMatch(/deployed \(simulated\) to blue;/);

    const status = await prenv("status", "--pr", "42", "--sandbox");
    expect(status.stdout).toBe(
      [
        "pr-42 of acme/shop: production blue 0% · green 100%; test listener blue 100% · green 0%",
        "  blue     0%  targets 1 healthy, 0 unhealthy  image ghcr.io/acme/shop:v3",
        "  green  100%  targets 1 healthy, 0 unhealthy  image ghcr.io/acme/shop:v2",
        "",
      ].join("\n"),
    );
    expect((await prenv("promote", "--pr", "42", "--to", "green", "--sandbox")).stdout).toBe("pr-42: production traffic is already blue 0% · green 100%; nothing changed\n");
    expect((await prenv("promote", "--pr", "42", "--to", "blue", "--weight", "10", "--sandbox")).stdout).toMatch(/-> blue 10% · green 90%; the test listener serves blue/);

    const json = JSON.parse((await prenv("status", "--pr", "42", "--sandbox", "--json")).stdout) as { colors: { color: string; productionWeight: number; ready: boolean }[] };
    expect(json.colors.map((c) => [c.color, c.productionWeight, c.ready])).toEqual([["blue", 10, true], ["green", 90, true]]);

    expect((await prenv("destroy", "--pr", "42", "--sandbox")).stdout).toBe("pr-42: destroyed (simulated)\n");
    expect((await prenv("destroy", "--pr", "42", "--sandbox")).stdout).toBe("pr-42: no such stack; nothing to destroy\n");
    const gone = await prenv("promote", "--pr", "42", "--to", "blue", "--sandbox");
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe("prenv promote: pr-42 of acme/shop has no environment (no load balancer found); push a commit or comment /redeploy to create it\n");
  }, 60_000);

  it("destroy deletes what the stack's tags still find after pulumi destroy, as the Action does", async () => {
    await prenv("deploy", "--pr", "42", "--sandbox");
    // Two resources outlive the stack, untracked (a destroy that lost track of them).
    const store = new SandboxStore(join(cwd, ".prenv", "sandbox"));
    const project = projectName("acme/shop");
    const state = (await store.read(project, "pr-42"))!;
    await store.setOrphans(project, cloudResources("pr-42", state.resources).slice(0, 2));

    const result = await prenv("destroy", "--pr", "42", "--sandbox");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("pr-42: destroyed (simulated)\npr-42: leftovers: 2 found, 2 deleted, 0 left\n");
    expect(await store.orphans(project)).toEqual([]);
  });

  it("refuses an outputs file of another PR (exit 2)", async () => {
    await prenv("deploy", "--pr", "42", "--sandbox");
    const result = await prenv("promote", "--pr", "43", "--to", "green", "--sandbox", "--outputs", join(cwd, "cfn-outputs", "flat-outputs.json"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^prenv promote: the listener arn:aws:elasticloadbalancing:\S+ belongs to acme\/shop PR 42, not pr-43 of acme\/shop; refusing to change it\n/);
  }, 30_000);
});

describe("bad input", () => {
  let server: Server;
  let requests = 0;
  beforeAll(async () => {
    // Stands in for every AWS endpoint: any request reaching it fails the test below.
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_MAX_ATTEMPTS: "1",
    });
  });
  afterAll(async () => {
    delete process.env["AWS_ENDPOINT_URL"];
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each([
    [["promote", "--pr", "42", "--to", "red"], '--to must be blue or green (got "red")'],
    [["promote", "--pr", "42"], "--to is required: blue or green"],
    [["promote", "--pr", "42", "--to", "green", "--weight", "101"], '--weight must be a whole number from 0 to 100 (got "101")'],
    [["promote", "--pr", "42", "--to", "green", "--weight", "-1"], "Option '--weight' argument is ambiguous"],
    [["promote", "--pr", "x", "--to", "green"], '--pr must be a positive whole number of at most 10 digits (got "x")'],
    [["promote", "--pr", "42", "--to", "green", "--outputs", "/nonexistent.json"], "cannot read the outputs file /nonexistent.json: no such file"],
    [["status", "--pr", "42", "--repo", "not a repo"], '--repo must be a GitHub repository as owner/name (got "not a repo")'],
    [["deploy", "--pr", "42", "--image", "Bad Image"], '--image must be a container image reference like "ghcr.io/acme/shop:1.2.3" (got "Bad Image")'],
    [["deploy", "--pr", "42", "--image", "app:{sha}"], "--image uses {sha}: give --sha too"],
    [["destroy"], "--pr is required"],
  ])("prenv %j exits 2 with no AWS call: %s", async (argv, message) => {
    const result = await prenv(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(requests).toBe(0);
  });
});

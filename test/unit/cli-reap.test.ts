// `prenv reap` from a terminal, in-process: the GitHub stand-in on 127.0.0.1 and the sandbox.
// A dry run names what it would do and changes nothing; the real run destroys the closed PR's
// environment and keeps the open one's; bad input exits 2 before any request.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.ts";
import { GitHubStandin } from "../../src/github/standin.ts";

let cwd: string;
let github: GitHubStandin;
let env: Record<string, string>;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "prenv-cli-reap-"));
  github = new GitHubStandin("acme/shop");
  env = { GITHUB_REPOSITORY: "acme/shop", GITHUB_TOKEN: "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", GITHUB_API_URL: await github.start() };
});
afterEach(async () => github.stop());

async function prenv(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd });
  return { code, stdout, stderr };
}

describe("prenv reap", () => {
  it("dry-runs, then destroys the closed PR's environment and keeps the open one's", async () => {
    for (const pr of ["42", "43"]) expect((await prenv("deploy", "--pr", pr, "--sandbox")).code).toBe(0);
    github.addPullRequest({ number: 42, state: "closed" });
    github.addPullRequest({ number: 43 });

    const dry = await prenv("reap", "--sandbox", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      [
        "prenv reap acme/shop (dry run: nothing changed): 2 environments looked at",
        "    PR #42     would destroy  PR #42 is closed",
        "    PR #43     kept           expires in 3d",
        "",
        "No resources of this repo outlived their stack.",
        "",
      ].join("\n"),
    );
    expect(github.requests.filter((r) => r.method !== "GET")).toEqual([]);

    const real = await prenv("reap", "--sandbox", "--json");
    expect(real.code).toBe(0);
    expect(JSON.parse(real.stdout)).toEqual({
      environments: [
        { pr: 42, decision: { action: "destroy", reason: "PR #42 is closed" }, outcome: "destroyed", ok: true },
        { pr: 43, decision: { action: "keep", reason: "expires in 3d" }, outcome: "kept", ok: true },
      ],
      orphans: [],
    });
    expect((await prenv("status", "--pr", "42", "--sandbox")).code).toBe(1);
    expect((await prenv("status", "--pr", "43", "--sandbox")).code).toBe(0);
  }, 60_000);

  it("takes GH_TOKEN when GITHUB_TOKEN is set but empty", async () => {
    env["GH_TOKEN"] = "ghp_fromGhToken0123456789abcdefghijklmnopq";
    env["GITHUB_TOKEN"] = "";
    const result = await prenv("reap", "--sandbox", "--dry-run");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("prenv reap acme/shop (dry run: nothing changed): 0 environments looked at");
    expect(github.requests.length).toBeGreaterThan(0);
  });

  it("refuses to start without a token, or with a lookback that is not a duration (exit 2, no request)", async () => {
    delete env["GITHUB_TOKEN"];
    const noToken = await prenv("reap", "--sandbox");
    expect(noToken).toMatchObject({ code: 2, stdout: "" });
    expect(noToken.stderr).toContain("GITHUB_TOKEN must be set: the reaper reads each PR's state and comment (a token with pull-requests: write)");

    env["GH_TOKEN"] = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
    const lookback = await prenv("reap", "--sandbox", "--lookback", "yesterday");
    expect(lookback.code).toBe(2);
    expect(lookback.stderr).toContain('--lookback must be a duration like 24h (got "yesterday")');
    expect(github.requests).toEqual([]);
  });
});

// The shell Runner: the user's test command is done when its main process exits, everything it
// started dies with it (or at the timeout), and it never sees the runner's workflow credentials.
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { shellRunner } from "../../src/runner.ts";

const run = (command: string, timeoutMs = 10_000, env: Record<string, string> = {}) => shellRunner.run(command, { env, timeoutMs, cwd: tmpdir() });

/** Alive and not a zombie waiting for a reaper that may never come (PID 1 in a container). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return process.platform !== "linux";
  }
}

async function eventuallyDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return !alive(pid);
}

const pidIn = (output: string) => Number(/bg=(\d+)/.exec(output)?.[1]);

describe("shellRunner", () => {
  it("finishes when the command exits although a background process holds its output, and kills that process", async () => {
    const result = await run('sleep 30 & echo "bg=$!"; echo done; exit 4');
    expect(result).toMatchObject({ exitCode: 4, timedOut: false });
    expect(result.durationMs).toBeLessThan(5_000);
    expect(result.output).toMatch(/^bg=\d+\ndone\n$/);
    expect(await eventuallyDead(pidIn(result.output))).toBe(true);
  });

  it("keeps what a background job wrote before the command exited (ending on exit loses no output)", async () => {
    const result = await run("(echo from-background) & sleep 0.05; echo main");
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain("main\n");
    expect(result.output).toContain("from-background\n");
  });

  it("masks prenv's secrets, a multi-line one too, before it trims long output to its end", async () => {
    const key = "-----BEGIN KEY-----\nline2-AAAAAAAA\nline3-CCCCCCCC\n-----END KEY-----";
    // The key, then ~500 KB more on one long line: trimming keeps the end, cutting into the key's region.
    const script = `printf '%s\\n' "$KEY"; head -c 500000 /dev/zero | tr '\\0' x; echo; echo end`;
    const result = await shellRunner.run(script, { env: { KEY: key }, timeoutMs: 10_000, cwd: tmpdir(), secrets: [key] });
    expect(result.output).not.toMatch(/line2|line3|BEGIN KEY|END KEY/);
    expect(result.output.endsWith("x\nend\n")).toBe(true);
    expect(result.output.length).toBeLessThanOrEqual(200_000);
  });

  it("kills the whole process group at the timeout", async () => {
    const result = await run('sleep 30 & echo "bg=$!"; sleep 30', 300);
    expect(result).toMatchObject({ exitCode: null, timedOut: true });
    expect(result.durationMs).toBeLessThan(5_000);
    expect(await eventuallyDead(pidIn(result.output))).toBe(true);
  });

  describe("environment", () => {
    const set: Record<string, string> = {
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "oidc-request-token-value",
      ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/oidc",
      ACTIONS_RUNTIME_TOKEN: "runtime-token-value",
      ACTIONS_CACHE_URL: "https://cache.actions.example/",
      ACTIONS_RESULTS_URL: "https://results.actions.example/",
      "INPUT_GITHUB-TOKEN": "ghs_notreallyatoken",
      INPUT_ENGINE: "pulumi",
      AWS_SECRET_ACCESS_KEY: "aws-secret-key-value",
      MY_API_TOKEN: "abcdefgh1234",
      SHORT_TOKEN: "seven77",
      PRENV_UNRELATED: "visible-value",
    };
    afterEach(() => {
      for (const name of Object.keys(set)) delete process.env[name];
    });

    it("withholds the runner's OIDC, runtime and Action-input variables and keeps the rest", async () => {
      Object.assign(process.env, set);
      const result = await run("env", 10_000, { PREVIEW_URL: "http://app.example" });
      const names = result.output.split("\n").map((line) => line.split("=")[0]);
      for (const withheld of ["ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_CACHE_URL", "ACTIONS_RESULTS_URL", "INPUT_GITHUB-TOKEN", "INPUT_ENGINE"]) {
        expect(names).not.toContain(withheld);
      }
      expect(names).toEqual(expect.arrayContaining(["PATH", "AWS_SECRET_ACCESS_KEY", "MY_API_TOKEN", "PRENV_UNRELATED", "PREVIEW_URL"]));
      expect(result.output).toContain("PREVIEW_URL=http://app.example\n");
    });

    it("masks the values of the secret-named variables it passes on", async () => {
      Object.assign(process.env, set);
      const result = await run('echo "$AWS_SECRET_ACCESS_KEY|$MY_API_TOKEN|$SHORT_TOKEN|$PRENV_UNRELATED"');
      expect(result.output).toBe("***|***|seven77|visible-value\n");
    });
  });
});

// The Runner over a shell: the user's test command, as they wrote it in their workflow, with the
// environment's URLs in its environment and a timeout that kills the whole process group.
import { spawn } from "node:child_process";
import type { Runner } from "./ports.ts";

/** Output kept beyond this is dropped from the front: the end of a test run is what explains it. */
const MAX_OUTPUT = 200_000;

export const shellRunner: Runner = {
  run(command, { env, timeoutMs, cwd }) {
    return new Promise((resolve) => {
      const started = Date.now();
      const child = spawn("sh", ["-c", command], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
      let output = "";
      let timedOut = false;
      const keep = (chunk: Buffer) => {
        output += chunk.toString("utf8");
        if (output.length > MAX_OUTPUT * 2) output = output.slice(-MAX_OUTPUT);
      };
      child.stdout.on("data", keep);
      child.stderr.on("data", keep);
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          child.kill("SIGKILL");
        }
      }, timeoutMs);
      const finish = (exitCode: number | null) => {
        clearTimeout(timer);
        resolve({ exitCode, output: output.slice(-MAX_OUTPUT), timedOut, durationMs: Date.now() - started });
      };
      child.on("error", (error) => {
        output += `\n${error.message}`;
        finish(null);
      });
      child.on("close", (code) => finish(code));
    });
  },
};

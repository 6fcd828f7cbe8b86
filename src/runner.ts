// The Runner over a shell: the user's test command, as they wrote it in their workflow, with the
// environment's URLs in its environment (and not the runner's OIDC and Action credentials), and a
// timeout. It is done when its main process exits, even if something it started in the background
// still holds its output; then everything it started (its process group) is killed.
import { spawn } from "node:child_process";
import { childEnv, secretValues } from "./core/child-env.ts";
import { redact } from "./core/redact.ts";
import type { Runner } from "./ports.ts";

/** Output kept beyond this is dropped from the front: the end of a test run is what explains it. */
const MAX_OUTPUT = 200_000;
/** How long after the main process exits its pipes may take to deliver what it wrote last. */
const FLUSH_GRACE_MS = 100;

/** SIGKILL to a whole process group; one that is already gone is fine. */
function killGroup(pid: number | undefined, fallback: () => void): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") fallback();
  }
}

export const shellRunner: Runner = {
  run(command, { env, timeoutMs, cwd, secrets = [] }) {
    return new Promise((resolve) => {
      const started = Date.now();
      const childEnvironment = childEnv(process.env, env);
      // prenv's secrets and the values of the child's secret-named variables. Masked before any cut,
      // so a cut can never leave part of one that redaction would no longer recognise.
      const masked = [...secrets, ...secretValues(childEnvironment)];
      // Detached: the command leads its own process group, so the group can be killed whole.
      const child = spawn("sh", ["-c", command], { cwd, env: childEnvironment, stdio: ["ignore", "pipe", "pipe"], detached: true });
      const pipes = [child.stdout, child.stderr];
      let output = "";
      let timedOut = false;
      let done = false;
      const keep = (chunk: string) => {
        output += chunk;
        if (output.length > MAX_OUTPUT * 2) output = redact(output, masked).slice(-MAX_OUTPUT);
      };
      for (const pipe of pipes) {
        pipe.setEncoding("utf8");
        pipe.on("data", keep);
      }
      const pipesClosed = Promise.all(pipes.map((pipe) => new Promise<void>((closed) => pipe.once("close", () => closed()))));
      const kill = () => killGroup(child.pid, () => child.kill("SIGKILL"));
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, timeoutMs);
      const finish = (exitCode: number | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        kill();
        for (const pipe of pipes) pipe.destroy();
        const kept = redact(output, masked).slice(-MAX_OUTPUT);
        resolve({ exitCode, output: kept, timedOut, durationMs: Date.now() - started });
      };
      child.on("error", (error) => {
        output += `\n${error.message}`;
        finish(null);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        let grace: NodeJS.Timeout | undefined;
        const graceOver = new Promise<void>((over) => (grace = setTimeout(over, FLUSH_GRACE_MS)));
        void Promise.race([pipesClosed, graceOver]).then(() => {
          clearTimeout(grace);
          finish(code);
        });
      });
    });
  },
};

// Where the offline sandbox keeps its "cloud": one JSON file per stack holding the resources the
// program declared and their simulated state, plus a lock file while an update runs, exactly the
// shape of a Pulumi backend, so deploy, promote, status and destroy work across invocations.
import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { StackOutputs } from "../core/outputs.ts";
import type { FoundResource } from "../core/reap.ts";
import type { Clock } from "../ports.ts";
import type { SimulatedResource } from "./sandbox.ts";

export interface SandboxStack {
  readonly project: string;
  readonly stack: string;
  readonly updatedAt: string;
  readonly config: Readonly<Record<string, string>>;
  readonly outputs: StackOutputs;
  readonly resources: readonly SimulatedResource[];
  /** Target health by target-group ARN, where a test wants something other than all healthy. */
  readonly health?: Readonly<Record<string, { healthy: number; unhealthy: number; other: number }>>;
}

/** A resource left in the sandbox's "cloud" with no stack to hold it. */
export type SandboxOrphan = FoundResource & { readonly stack: string };

const SAFE_NAME = /^[a-z0-9][a-z0-9-]{0,127}$/;

export class StackLockedError extends Error {
  constructor(stack: string, waitedMs: number, lockFile: string) {
    super(
      `stack ${stack} is locked by another update (waited ${Math.round(waitedMs / 1000)}s). ` +
        `If no other prenv run is active for this PR, the lock is stale: delete ${lockFile} and run again.`,
    );
    this.name = "StackLockedError";
  }
}

export interface LockOptions {
  readonly clock: Clock;
  /** Give up after this long (default 5 minutes). */
  readonly timeoutMs?: number;
}

export class SandboxStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  private path(project: string, stack: string, extension: string): string {
    if (!SAFE_NAME.test(project) || !SAFE_NAME.test(stack)) throw new Error(`prenv bug: unsafe sandbox name ${project}/${stack}`);
    return join(this.root, project, `${stack}.${extension}`);
  }

  async read(project: string, stack: string): Promise<SandboxStack | undefined> {
    try {
      return JSON.parse(await readFile(this.path(project, stack, "json"), "utf8")) as SandboxStack;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  /** Every stack in the store (the sandbox's whole "account"). */
  async list(): Promise<SandboxStack[]> {
    let projects: string[];
    try {
      projects = await readdir(this.root);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const stacks: SandboxStack[] = [];
    for (const project of projects.filter((p) => SAFE_NAME.test(p))) {
      for (const file of await readdir(join(this.root, project))) {
        const name = file.slice(0, -5);
        const stack = file.endsWith(".json") && SAFE_NAME.test(name) ? await this.read(project, name).catch(() => undefined) : undefined;
        if (stack) stacks.push(stack);
      }
    }
    return stacks;
  }

  /** Written to a temporary file and renamed, so a crash never leaves half a stack behind. */
  async write(state: SandboxStack): Promise<void> {
    await this.writeJson(state.project, this.path(state.project, state.stack, "json"), state);
  }

  /** Written whole or not at all: a reader never sees half a file. */
  private async writeJson(project: string, file: string, value: unknown): Promise<void> {
    await mkdir(join(this.root, project), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`);
    await rename(temporary, file);
  }

  async remove(project: string, stack: string): Promise<boolean> {
    const existed = (await this.read(project, stack)) !== undefined;
    await rm(this.path(project, stack, "json"), { force: true });
    return existed;
  }

  /** Resources of the project that no stack holds any more: what a lost state file or a half-done destroy leaves in a cloud. */
  async orphans(project: string): Promise<SandboxOrphan[]> {
    try {
      return JSON.parse(await readFile(this.orphansFile(project), "utf8")) as SandboxOrphan[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
  }

  async setOrphans(project: string, orphans: readonly SandboxOrphan[]): Promise<void> {
    await this.writeJson(project, this.orphansFile(project), orphans);
  }

  private orphansFile(project: string): string {
    // "_" cannot start a stack name, so this file is never mistaken for a stack.
    return join(dirname(this.path(project, "orphans", "json")), "_orphans.json");
  }

  /** Runs `fn` holding the stack's lock; waits for another holder with backoff, like Pulumi's backends. */
  async withLock<T>(project: string, stack: string, options: LockOptions, fn: () => Promise<T>): Promise<T> {
    const lockFile = this.path(project, stack, "lock");
    await mkdir(join(this.root, project), { recursive: true });
    const timeoutMs = options.timeoutMs ?? 300_000;
    const started = options.clock.now().getTime();
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(lockFile, "wx");
        await handle.writeFile(JSON.stringify({ pid: process.pid, at: options.clock.now().toISOString() }));
        await handle.close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (await this.isStale(lockFile)) {
          await rm(lockFile, { force: true });
          continue;
        }
        const waited = options.clock.now().getTime() - started;
        if (waited >= timeoutMs) throw new StackLockedError(stack, waited, lockFile);
        await options.clock.sleep(Math.min(200 * 2 ** attempt, 10_000));
      }
    }
    try {
      return await fn();
    } finally {
      await rm(lockFile, { force: true });
    }
  }

  /** A lock whose process is gone (a crashed run) is stale. */
  private async isStale(lockFile: string): Promise<boolean> {
    try {
      const { pid } = JSON.parse(await readFile(lockFile, "utf8")) as { pid?: number };
      if (typeof pid !== "number") return false;
      process.kill(pid, 0);
      return false;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === "ESRCH" || code === "ENOENT";
    }
  }
}

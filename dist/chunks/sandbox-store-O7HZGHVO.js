import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import "./chunk-WKVD46MP.js";

// src/pulumi/sandbox-store.ts
import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
var SAFE_NAME = /^[a-z0-9][a-z0-9-]{0,127}$/;
var StackLockedError = class extends Error {
  constructor(stack, waitedMs, lockFile) {
    super(
      `stack ${stack} is locked by another update (waited ${Math.round(waitedMs / 1e3)}s). If no other prenv run is active for this PR, the lock is stale: delete ${lockFile} and run again.`
    );
    this.name = "StackLockedError";
  }
};
var SandboxStore = class {
  root;
  constructor(root) {
    this.root = root;
  }
  path(project, stack, extension) {
    if (!SAFE_NAME.test(project) || !SAFE_NAME.test(stack)) throw new Error(`prenv bug: unsafe sandbox name ${project}/${stack}`);
    return join(this.root, project, `${stack}.${extension}`);
  }
  async read(project, stack) {
    try {
      return JSON.parse(await readFile(this.path(project, stack, "json"), "utf8"));
    } catch (error) {
      if (error.code === "ENOENT") return void 0;
      throw error;
    }
  }
  /** Every stack in the store (the sandbox's whole "account"). */
  async list() {
    let projects;
    try {
      projects = await readdir(this.root);
    } catch (error) {
      if (error.code === "ENOENT") return [];
      throw error;
    }
    const stacks = [];
    for (const project of projects.filter((p) => SAFE_NAME.test(p))) {
      for (const file of await readdir(join(this.root, project))) {
        const name = file.slice(0, -5);
        const stack = file.endsWith(".json") && SAFE_NAME.test(name) ? await this.read(project, name).catch(() => void 0) : void 0;
        if (stack) stacks.push(stack);
      }
    }
    return stacks;
  }
  /** Written to a temporary file and renamed, so a crash never leaves half a stack behind. */
  async write(state) {
    await this.writeJson(state.project, this.path(state.project, state.stack, "json"), state);
  }
  /** Written whole or not at all: a reader never sees half a file. */
  async writeJson(project, file, value) {
    await mkdir(join(this.root, project), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}
`);
    await rename(temporary, file);
  }
  async remove(project, stack) {
    const existed = await this.read(project, stack) !== void 0;
    await rm(this.path(project, stack, "json"), { force: true });
    return existed;
  }
  /** Resources of the project that no stack holds any more: what a lost state file or a half-done destroy leaves in a cloud. */
  async orphans(project) {
    try {
      return JSON.parse(await readFile(this.orphansFile(project), "utf8"));
    } catch (error) {
      if (error.code === "ENOENT") return [];
      throw error;
    }
  }
  async setOrphans(project, orphans) {
    await this.writeJson(project, this.orphansFile(project), orphans);
  }
  orphansFile(project) {
    return join(dirname(this.path(project, "orphans", "json")), "_orphans.json");
  }
  /** Runs `fn` holding the stack's lock; waits for another holder with backoff, like Pulumi's backends. */
  async withLock(project, stack, options, fn) {
    const lockFile = this.path(project, stack, "lock");
    await mkdir(join(this.root, project), { recursive: true });
    const timeoutMs = options.timeoutMs ?? 3e5;
    const started = options.clock.now().getTime();
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(lockFile, "wx");
        await handle.writeFile(JSON.stringify({ pid: process.pid, at: options.clock.now().toISOString() }));
        await handle.close();
        break;
      } catch (error) {
        if (error.code !== "EEXIST") throw error;
        if (await this.isStale(lockFile)) {
          await rm(lockFile, { force: true });
          continue;
        }
        const waited = options.clock.now().getTime() - started;
        if (waited >= timeoutMs) throw new StackLockedError(stack, waited, lockFile);
        await options.clock.sleep(Math.min(200 * 2 ** attempt, 1e4));
      }
    }
    try {
      return await fn();
    } finally {
      await rm(lockFile, { force: true });
    }
  }
  /** A lock whose process is gone (a crashed run) is stale. */
  async isStale(lockFile) {
    try {
      const { pid } = JSON.parse(await readFile(lockFile, "utf8"));
      if (typeof pid !== "number") return false;
      process.kill(pid, 0);
      return false;
    } catch (error) {
      const code = error.code;
      return code === "ESRCH" || code === "ENOENT";
    }
  }
};
export {
  SandboxStore,
  StackLockedError
};

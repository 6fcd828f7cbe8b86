import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  parseArn
} from "./chunk-I6HFVHE7.js";

// src/pulumi/sandbox-inventory.ts
var cloudResources = (stack, resources) => resources.flatMap((r) => {
  const id = [r.state["arn"], r.id].find((v) => typeof v === "string" && v.startsWith("arn:"));
  const kind = id ? parseArn(id)?.kind : void 0;
  return r.custom && id && kind ? [{ id, kind, stack }] : [];
});
var SandboxInventory = class {
  store;
  project;
  constructor(store, project) {
    this.store = store;
    this.project = project;
  }
  async list(_repo, stack) {
    const held = (await this.store.list()).filter((s) => s.project === this.project).flatMap((s) => cloudResources(s.stack, s.resources));
    const all = [...held, ...await this.store.orphans(this.project)];
    return stack === void 0 ? all : all.filter((r) => r.stack === stack);
  }
  async remove(resources) {
    const orphans = await this.store.orphans(this.project);
    const ids = new Set(orphans.map((o) => o.id));
    const failed = resources.flatMap(
      (resource) => ids.has(resource.id) ? [] : [{ resource, error: `${resource.id} belongs to the stack ${resource.stack ?? "(unknown)"}, which still exists: destroy the stack instead` }]
    );
    const removing = new Set(resources.map((r) => r.id));
    await this.store.setOrphans(this.project, orphans.filter((o) => !removing.has(o.id)));
    return failed;
  }
};

export {
  cloudResources,
  SandboxInventory
};

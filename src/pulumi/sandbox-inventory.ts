// The Inventory over the sandbox's "cloud": the resources its stacks hold, plus those a lost state
// file or a half-done destroy left behind (the orphans). Only orphans can be deleted this way; a
// stack's resources go with the stack.
import { parseArn } from "../core/arn.ts";
import type { FoundResource } from "../core/reap.ts";
import type { Inventory } from "../ports.ts";
import type { SimulatedResource } from "./sandbox.ts";
import type { SandboxOrphan, SandboxStore } from "./sandbox-store.ts";

/** The resources of a stack that would exist in AWS on their own: those with an ARN, tagged with their stack. */
export const cloudResources = (stack: string, resources: readonly SimulatedResource[]): SandboxOrphan[] =>
  resources.flatMap((r) => {
    const id = [r.state["arn"], r.id].find((v): v is string => typeof v === "string" && v.startsWith("arn:"));
    const kind = id ? parseArn(id)?.kind : undefined;
    return r.custom && id && kind ? [{ id, kind, stack }] : [];
  });

export class SandboxInventory implements Inventory {
  private readonly store: SandboxStore;
  private readonly project: string;

  constructor(store: SandboxStore, project: string) {
    this.store = store;
    this.project = project;
  }

  async list(_repo: string, stack?: string): Promise<FoundResource[]> {
    const held = (await this.store.list()).filter((s) => s.project === this.project).flatMap((s) => cloudResources(s.stack, s.resources));
    const all = [...held, ...(await this.store.orphans(this.project))];
    return stack === undefined ? all : all.filter((r) => r.stack === stack);
  }

  async remove(resources: readonly FoundResource[]): Promise<{ resource: FoundResource; error: string }[]> {
    const orphans = await this.store.orphans(this.project);
    const ids = new Set(orphans.map((o) => o.id));
    const failed = resources.flatMap((resource) =>
      ids.has(resource.id) ? [] : [{ resource, error: `${resource.id} belongs to the stack ${resource.stack ?? "(unknown)"}, which still exists: destroy the stack instead` }],
    );
    const removing = new Set(resources.map((r) => r.id));
    await this.store.setOrphans(this.project, orphans.filter((o) => !removing.has(o.id)));
    return failed;
  }
}

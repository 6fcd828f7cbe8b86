// Runs the real stack program under the mock cloud, the way `prenv plan` does, and gives tests a
// small vocabulary over the result.
import { program } from "../../infra/program.ts";
import { projectName, stackName } from "../../src/core/naming.ts";
import { parseStackConfig, type RawStackConfig, toPulumiConfig } from "../../src/core/stack-config.ts";
import { runSandboxed, type SimulatedResource } from "../../src/pulumi/sandbox.ts";

export interface SimulatedStack {
  readonly resources: readonly SimulatedResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Every cloud resource of `type`. */
  all(type: string): SimulatedResource[];
  /** The one resource of `type` named `name`; fails the test if it is missing. */
  one(type: string, name: string): SimulatedResource;
}

export async function simulateStack(raw: RawStackConfig = {}): Promise<SimulatedStack> {
  const config = parseStackConfig({ pr: "42", repo: "acme/shop", region: "us-east-1", ...raw });
  const run = await runSandboxed({
    project: projectName(config.identity.repo),
    stack: stackName(config.identity.pr),
    config: toPulumiConfig(config),
    program,
  });
  const all = (type: string) => run.resources.filter((resource) => resource.type === type && resource.custom);
  return {
    ...run,
    all,
    one(type, name) {
      const found = all(type).find((resource) => resource.name === name);
      if (!found) throw new Error(`no ${type} named ${name}; have: ${all(type).map((r) => r.name).join(", ")}`);
      return found;
    },
  };
}

/** Pulumi's marker for a secret value, as the mock monitor passes it on. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const isSecret = (value: unknown): boolean =>
  typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] !== undefined;

/** Walks any JSON-like value, calling `visit` for every leaf with its path. */
export function walk(value: unknown, visit: (path: string, leaf: unknown, insideSecret: boolean) => void, path = "", insideSecret = false): void {
  if (isSecret(value)) return walk((value as { value: unknown }).value, visit, path, true);
  if (Array.isArray(value)) return value.forEach((item, i) => walk(item, visit, `${path}[${i}]`, insideSecret));
  if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) walk(child, visit, path ? `${path}.${key}` : key, insideSecret);
    return;
  }
  visit(path, value, insideSecret);
}

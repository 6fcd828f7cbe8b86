// `prenv plan`: run the real stack program offline under the mock cloud and report what a PR
// would get: its resources by component, its (simulated) outputs, its cost and the quotas it uses.
import { program } from "../infra/program.ts";
import { estimateCost } from "./core/cost.ts";
import { projectName, stackName } from "./core/naming.ts";
import { STACK_OUTPUT_KEYS, type StackOutputs } from "./core/outputs.ts";
import type { PlanReport } from "./core/plan-report.ts";
import { quotaReport } from "./core/quotas.ts";
import { type StackConfig, toPulumiConfig } from "./core/stack-config.ts";
import { runSandboxed } from "./pulumi/sandbox.ts";

export async function planStack(config: StackConfig): Promise<PlanReport> {
  const { identity } = config;
  const run = await runSandboxed({
    project: projectName(identity.repo),
    stack: stackName(identity.pr),
    config: toPulumiConfig(config),
    program,
  });
  // Sorted: the mock cloud answers registrations in whatever order they resolve.
  const cloudResources = run.resources
    .filter((resource) => resource.custom)
    .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name, "en", { numeric: true }));
  return {
    simulated: true,
    stack: stackName(identity.pr),
    repo: identity.repo,
    profile: config.profile,
    region: config.region,
    components: run.resources
      .filter((resource) => !resource.custom)
      .map(({ type, name }) => ({ type, name })),
    resources: cloudResources.map(({ type, name, parent }) => ({
      type,
      name,
      ...(parent ? { component: parent.name } : {}),
    })),
    outputs: Object.fromEntries(STACK_OUTPUT_KEYS.map((key) => [key, outputText(run.outputs[key])])) as StackOutputs,
    cost: estimateCost(cloudResources),
    quotas: quotaReport(cloudResources),
  };
}

const outputText = (value: unknown): string =>
  typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);

// What `prenv plan` reports, and its human-readable form. `--json` prints the object itself.
import { type CostEstimate, PRICES } from "./cost.ts";
import type { StackOutputs } from "./outputs.ts";
import type { ProfileName } from "./profiles.ts";
import type { QuotaReport } from "./quotas.ts";

export interface PlanReport {
  /** Always true: a plan runs under mocks and creates nothing. */
  readonly simulated: true;
  readonly stack: string;
  readonly repo: string;
  readonly profile: ProfileName;
  readonly region: string;
  readonly components: readonly { type: string; name: string }[];
  readonly resources: readonly { type: string; name: string; component?: string }[];
  readonly outputs: StackOutputs;
  readonly cost: CostEstimate;
  readonly quotas: QuotaReport;
}

const usd = (amount: number) => `$${amount.toFixed(4)}`;
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** Left-aligned columns, two spaces apart, each as wide as its widest cell. */
export function columns(rows: readonly (readonly string[])[], indent = "  "): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => (indent + row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")).trimEnd());
}

export function renderPlan(plan: PlanReport): string {
  const { cost, quotas } = plan;
  const byComponent = plan.components.map((component) => ({
    component,
    resources: plan.resources.filter((resource) => resource.component === component.name),
  }));
  const loose = plan.resources.filter((resource) => resource.component === undefined);
  const fits =
    quotas.maxConcurrentPrs === null
      ? `no default quota limits the number of ${plan.profile} PRs in one region`
      : `${quotas.maxConcurrentPrs} concurrent ${plan.profile} PR${quotas.maxConcurrentPrs === 1 ? " fits" : "s fit"} in one region at AWS's default quotas`;

  return [
    `prenv plan · ${plan.stack} · ${plan.repo} · ${plan.profile} profile · ${plan.region}`,
    "SIMULATED offline under Pulumi's mocks: nothing was created, and IDs, ARNs and URLs below are made up.",
    "",
    `Resources: ${plan.resources.length} in ${count(plan.components.length, "component")}`,
    ...byComponent.flatMap(({ component, resources }) => [
      `  ${component.name} (${component.type}): ${resources.length}`,
      ...columns(resources.map((resource) => [resource.type, resource.name]), "    "),
    ]),
    ...(loose.length > 0 ? ["  (no component)", ...columns(loose.map((r) => [r.type, r.name]), "    ")] : []),
    "",
    "Outputs (simulated)",
    ...columns(Object.entries(plan.outputs).map(([key, value]) => [key, value === "" ? "(none)" : value])),
    "",
    `Estimated cost: ${usd(cost.hourlyUsd)}/hour, $${cost.dailyUsd.toFixed(2)}/day at minimum scale` +
      ` (up to ${usd(cost.maxHourlyUsd)}/hour scaled out)`,
    ...columns(
      cost.lines.map((line) => [
        line.item,
        `${Number(line.quantity.toFixed(2))} × ${line.unit}`,
        `${usd(line.hourlyUsd)}/h`,
        line.note ?? "",
      ]),
    ),
    `  Basis: ${cost.basis}${plan.region === PRICES.region ? "" : `; ${plan.region} prices differ`}.`,
    `  Not included (usage-based): ${cost.excludes.join(", ")}.`,
    "",
    `Quotas: ${fits}` +
      (quotas.boundBy.length > 0 ? ` (bound by ${quotas.boundBy.join(", ")})` : ""),
    ...columns(
      quotas.uses.map((use) => [
        use.name,
        `${use.perPr} per PR`,
        `quota ${use.quota}${use.reserved > 0 ? ` (${use.reserved} already used: ${use.reservedNote ?? "reserved"})` : ""}`,
        `fits ${use.prsThatFit}`,
      ]),
    ),
    "",
  ].join("\n");
}

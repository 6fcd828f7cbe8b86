import { describe, expect, it } from "vitest";
import { type PlanReport, renderPlan } from "../../src/core/plan-report.ts";
import { STACK_OUTPUT_KEYS, type StackOutputs } from "../../src/core/outputs.ts";

const outputs = Object.fromEntries(STACK_OUTPUT_KEYS.map((key) => [key, ""])) as Record<string, string>;
outputs["appUrl"] = "http://alb.example";

const plan: PlanReport = {
  simulated: true,
  stack: "pr-7",
  repo: "acme/shop",
  profile: "preview",
  region: "eu-west-1",
  components: [{ type: "prenv:edge:LoadBalancer", name: "edge" }],
  resources: [
    { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", component: "edge" },
    { type: "aws:lb/listener:Listener", name: "listener", component: "edge" },
  ],
  outputs: outputs as StackOutputs,
  cost: {
    hourlyUsd: 0.0225,
    dailyUsd: 0.54,
    maxHourlyUsd: 0.0225,
    lines: [{ item: "Application Load Balancer", quantity: 1, unit: "load balancer", hourlyUsd: 0.0225, maxHourlyUsd: 0.0225 }],
    basis: "us-east-1 list prices as of 2025-06-01 (test); an estimate, not a bill",
    excludes: ["data transfer"],
  },
  quotas: {
    uses: [{ key: "applicationLoadBalancers", name: "Application Load Balancers per region", quota: 50, reserved: 0, perPr: 1, prsThatFit: 50 }],
    maxConcurrentPrs: 50,
    boundBy: ["Application Load Balancers per region"],
  },
};

describe("renderPlan", () => {
  it("prints resources by component, outputs, cost and quotas, and says it is simulated", () => {
    const text = renderPlan(plan);
    expect(text.split("\n").slice(0, 8)).toEqual([
      "prenv plan · pr-7 · acme/shop · preview profile · eu-west-1",
      "SIMULATED offline under Pulumi's mocks: nothing was created, and IDs, ARNs and URLs below are made up.",
      "",
      "Resources: 2 in 1 component",
      "  edge (prenv:edge:LoadBalancer): 2",
      "    aws:lb/loadBalancer:LoadBalancer  alb",
      "    aws:lb/listener:Listener          listener",
      "",
    ]);
    expect(text).toContain("  appUrl               http://alb.example\n");
    expect(text).toContain("  dbEndpoint           (none)\n");
    expect(text).toContain(
      [
        "Estimated cost: $0.0225/hour, $0.54/day at minimum scale (up to $0.0225/hour scaled out)",
        "  Application Load Balancer  1 × load balancer  $0.0225/h",
        "  Basis: us-east-1 list prices as of 2025-06-01 (test); an estimate, not a bill; eu-west-1 prices differ.",
        "  Not included (usage-based): data transfer.",
        "",
        "Quotas: 50 concurrent preview PRs fit in one region at AWS's default quotas (bound by Application Load Balancers per region)",
        "  Application Load Balancers per region  1 per PR  quota 50  fits 50",
      ].join("\n"),
    );
  });
});

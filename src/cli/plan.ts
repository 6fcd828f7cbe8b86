import { renderPlan } from "../core/plan-report.ts";
import { parseStackConfig } from "../core/stack-config.ts";
import { planStack } from "../plan.ts";
import { type CliCommand, flag, regionOf, repoOf } from "./common.ts";

export const plan: CliCommand = {
  summary: "show a PR's environment, its cost and quota use, offline (no cloud account)",
  usage: [
    "prenv plan --pr N [--profile preview|production] [--repo owner/name] [--json]",
    "           [--region R] [--image REF] [--database serverless|provisioned|none] [--waf true|false]",
  ].join("\n"),
  options: {
    pr: { type: "string" },
    profile: { type: "string" },
    repo: { type: "string" },
    region: { type: "string" },
    image: { type: "string" },
    database: { type: "string" },
    waf: { type: "string" },
    json: { type: "boolean" },
  },
  async run(values, io) {
    const config = parseStackConfig({
      pr: flag(values, "pr"),
      repo: repoOf(values, io),
      profile: flag(values, "profile"),
      blueImage: flag(values, "image"),
      database: flag(values, "database"),
      waf: flag(values, "waf"),
      region: regionOf(values, io),
    });
    const report = await planStack(config);
    io.stdout(values["json"] ? `${JSON.stringify(report, null, 2)}\n` : renderPlan(report));
    return 0;
  },
};

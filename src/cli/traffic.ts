// `prenv promote` and `prenv status`: a PR's production traffic from a terminal, with no Pulumi
// involved. The listeners come from --outputs FILE (checked against the prenv tags), or are found
// by the tags; --sandbox works on the sandbox's state instead of AWS.
import { BadInputError } from "../core/errors.ts";
import { type Color, COLORS } from "../core/naming.ts";
import { describeHealth, readyForTraffic, type TrafficChange, trafficSplit } from "../core/traffic.ts";
import type { TrafficTarget } from "../ports.ts";
import { changeTraffic, readTraffic } from "../traffic.ts";
import { cliPorts, type CliCommand, type CliIo, flag, readOutputsFile, SANDBOX_FLAG, stackOf, trafficProblem, type Values } from "./common.ts";

const TARGET_FLAGS = {
  pr: { type: "string" },
  repo: { type: "string" },
  region: { type: "string" },
  outputs: { type: "string" },
  ...SANDBOX_FLAG,
} as const;

async function targetOf(values: Values, io: CliIo) {
  const stack = stackOf(values, io);
  const outputsFile = flag(values, "outputs");
  const target: TrafficTarget = { repo: stack.repo, pr: stack.pr, ...(outputsFile ? { outputs: await readOutputsFile(outputsFile) } : {}) };
  return { stack, target, ports: cliPorts(values, io, stack) };
}

/** What stopped a change failed it (exit 1), unless it was the user's mistake (exit 2, thrown). */
function trafficFailure(error: unknown, io: CliIo, command: string): number {
  io.stderr(`prenv ${command}: ${trafficProblem(error)}\n`);
  return 1;
}

function changeOf(values: Values): TrafficChange {
  const to = flag(values, "to");
  if (to === undefined) throw new BadInputError("--to is required: blue or green");
  if (!(COLORS as readonly string[]).includes(to)) throw new BadInputError(`--to must be blue or green (got "${to}")`);
  const weight = flag(values, "weight");
  const force = values["force"] === true;
  if (weight === undefined) return { kind: "promote", color: to as Color, force };
  if (!/^\d{1,3}$/.test(weight) || Number(weight) > 100) throw new BadInputError(`--weight must be a whole number from 0 to 100 (got "${weight}")`);
  return { kind: "shift", color: to as Color, weight: Number(weight), force };
}

export const promote: CliCommand = {
  summary: "shift a PR's production traffic to a colour (all of it, or --weight percent), no Pulumi involved",
  usage: "prenv promote --pr N --to blue|green [--weight 0-100] [--force] [--outputs FILE] [--repo owner/name] [--region R] [--sandbox]",
  options: { ...TARGET_FLAGS, to: { type: "string" }, weight: { type: "string" }, force: { type: "boolean" } },
  async run(values, io) {
    const change = changeOf(values);
    const { stack, target, ports } = await targetOf(values, io);
    try {
      const outcome = await changeTraffic(ports.traffic, target, change, { checkOwner: true });
      io.stdout(
        outcome.changed
          ? `pr-${stack.pr}: production traffic ${trafficSplit(outcome.before)} -> ${trafficSplit(outcome.after)}; the test listener serves ${outcome.idle}\n`
          : `pr-${stack.pr}: production traffic is already ${trafficSplit(outcome.after)}; nothing changed\n`,
      );
      return 0;
    } catch (error) {
      return trafficFailure(error, io, "promote");
    }
  },
};

export const status: CliCommand = {
  summary: "show a PR's colours: production weights, the test listener, target health and images",
  usage: "prenv status --pr N [--outputs FILE] [--repo owner/name] [--region R] [--sandbox] [--json]",
  options: { ...TARGET_FLAGS, json: { type: "boolean" } },
  async run(values, io) {
    const { stack, target, ports } = await targetOf(values, io);
    try {
      const live = await readTraffic(ports.traffic, target, true);
      const [health, images] = await Promise.all([
        Promise.all(COLORS.map((color) => ports.traffic.health(live.targetGroups[color]))),
        target.outputs ? { blue: target.outputs.blueImage, green: target.outputs.greenImage } : ports.traffic.images(target),
      ]);
      const colors = COLORS.map((color, i) => ({
        color,
        productionWeight: live.production.weights[color],
        testWeight: live.test.weights[color],
        health: health[i]!,
        ready: readyForTraffic(health[i]!),
        image: images?.[color] ?? "",
      }));
      if (values["json"]) {
        io.stdout(`${JSON.stringify({ stack: `pr-${stack.pr}`, repo: stack.repo, listeners: { production: live.production.arn, test: live.test.arn }, colors }, null, 2)}\n`);
        return 0;
      }
      io.stdout(
        [
          `pr-${stack.pr} of ${stack.repo}: production ${trafficSplit(live.production.weights)}; test listener ${trafficSplit(live.test.weights)}`,
          ...colors.map(
            (c) => `  ${c.color.padEnd(5)}  ${String(c.productionWeight).padStart(3)}%  targets ${describeHealth(c.health)}${c.ready ? "" : " (not ready)"}  image ${c.image || "(unknown)"}`,
          ),
          "",
        ].join("\n"),
      );
      return 0;
    } catch (error) {
      return trafficFailure(error, io, "status");
    }
  },
};

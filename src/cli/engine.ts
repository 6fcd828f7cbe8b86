// `prenv deploy` and `prenv destroy`: a PR's stack from a terminal, through the same engine the
// Action uses (Pulumi, or the sandbox with --sandbox), without GitHub. A deploy puts the image on
// the idle colour, reading the live listener exactly as the Action does.
import { resolve } from "node:path";
import { BadInputError } from "../core/errors.ts";
import { stackName } from "../core/naming.ts";
import { planRollout } from "../core/rollout.ts";
import { imageFor } from "../core/settings.ts";
import { parseStackConfig, toPulumiConfig } from "../core/stack-config.ts";
import { writeOutputsFile } from "../outputs-file.ts";
import { systemClock } from "../clock.ts";
import { describeLeftovers, destroyWithRetries, type Leftovers, removeLeftovers } from "../teardown.ts";
import { cliPorts, type CliCommand, flag, SANDBOX_FLAG, stackOf } from "./common.ts";

const STACK_FLAGS = { pr: { type: "string" }, repo: { type: "string" }, region: { type: "string" }, "backend-url": { type: "string" }, ...SANDBOX_FLAG } as const;

export const deploy: CliCommand = {
  summary: "deploy a PR's stack (the new image goes to the idle colour) and write its outputs file",
  usage:
    "prenv deploy --pr N [--image I] [--sha S] [--profile preview|production] [--repo owner/name] [--region R]\n" +
    "             [--backend-url URL] [--outputs FILE] [--sandbox]",
  options: { ...STACK_FLAGS, image: { type: "string" }, sha: { type: "string" }, profile: { type: "string" }, outputs: { type: "string" } },
  async run(values, io) {
    const stack = stackOf(values, io);
    const sha = flag(values, "sha");
    if (sha !== undefined && !/^[0-9a-f]{7,40}$/.test(sha)) throw new BadInputError(`--sha must be a commit SHA (got "${sha}")`);
    const template = flag(values, "image");
    if (template?.includes("{sha}") && sha === undefined) throw new BadInputError("--image uses {sha}: give --sha too");
    const image = template === undefined ? undefined : imageFor(template, sha ?? "", stack.pr);
    const profile = flag(values, "profile");
    // Validated before anything runs: a bad image or profile is exit 2, not a half-made stack.
    parseStackConfig({ pr: String(stack.pr), repo: stack.repo, region: stack.region, profile, blueImage: image });

    const ports = cliPorts(values, io, stack);
    const name = stackName(stack.pr);
    const previous = await ports.engine.outputs(name);
    const live = previous ? await ports.traffic.read({ repo: stack.repo, pr: stack.pr, outputs: previous }) : undefined;
    const rollout = planRollout(previous, live?.production.weights, image);
    const config = toPulumiConfig(
      parseStackConfig({ pr: String(stack.pr), repo: stack.repo, region: stack.region, profile, blueImage: rollout.images.blue, greenImage: rollout.images.green }),
    );
    const result = await ports.engine.deploy(name, config, (line) => io.stderr(`${line.replace(/\n$/, "")}\n`));
    const file = resolve(io.cwd ?? process.cwd(), flag(values, "outputs") ?? "cfn-outputs/flat-outputs.json");
    await writeOutputsFile(file, result.outputs);
    io.stdout(
      `${name}: deployed${ports.engine.simulated ? " (simulated)" : ""} to ${rollout.target === "both" ? "both colours" : rollout.target}; ` +
        `app ${result.outputs.appUrl}; outputs in ${file}\n`,
    );
    return 0;
  },
};

export const destroy: CliCommand = {
  summary: "destroy a PR's stack, remove it from the backend and delete anything its tags still find (a stack that does not exist is fine)",
  usage: "prenv destroy --pr N [--repo owner/name] [--region R] [--backend-url URL] [--sandbox]",
  options: STACK_FLAGS,
  async run(values, io) {
    const stack = stackOf(values, io);
    const ports = cliPorts(values, io, stack);
    const name = stackName(stack.pr);
    const line = (text: string) => io.stderr(`${text.replace(/\n$/, "")}\n`);
    const existed = await destroyWithRetries({ engine: ports.engine, clock: systemClock }, name, { output: line, retrying: line });
    io.stdout(existed ? `${name}: destroyed${ports.engine.simulated ? " (simulated)" : ""}\n` : `${name}: no such stack; nothing to destroy\n`);
    // The same check the Action makes after a destroy: what the stack's tags still find is deleted.
    let leftovers: Leftovers;
    try {
      leftovers = await removeLeftovers(ports.inventory, stack.repo, name);
    } catch (error) {
      line(`warning: could not check for leftovers of ${name}: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
    if (leftovers.found.length > 0) io.stdout(`${name}: leftovers: ${describeLeftovers(leftovers)}\n`);
    for (const { resource, error } of leftovers.left) io.stderr(`left: ${resource.id}: ${error}\n`);
    return leftovers.left.length > 0 ? 1 : 0;
  },
};

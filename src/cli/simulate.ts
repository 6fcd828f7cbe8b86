import { readFile } from "node:fs/promises";
import { BadInputError } from "../core/errors.ts";
import { parseStackConfig } from "../core/stack-config.ts";
import { scriptedLife, simulate as replay, singleEvent } from "../simulate.ts";
import { type CliCommand, flag, repoOf } from "./common.ts";

const parseOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // reported properly when the payload itself is read
  }
};

async function readPayload(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new BadInputError(`cannot read the payload file ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}

export const simulate: CliCommand = {
  summary: "replay a PR's life (or one webhook payload) offline, against the sandbox engine and a GitHub stand-in",
  usage: "prenv simulate [--pr N] [--event NAME --payload FILE] [--repo owner/name] [--json]",
  options: {
    pr: { type: "string" },
    event: { type: "string" },
    payload: { type: "string" },
    repo: { type: "string" },
    json: { type: "boolean" },
  },
  async run(values, io) {
    const event = flag(values, "event");
    const payloadFile = flag(values, "payload");
    if ((event === undefined) !== (payloadFile === undefined)) throw new BadInputError("--event and --payload go together");
    const json = values["json"] === true;
    const print = json ? undefined : io.stdout;
    if (event !== undefined && payloadFile !== undefined) {
      if (flag(values, "pr") !== undefined) throw new BadInputError("--pr replays a whole PR; with --event the payload names the PR");
      const text = await readPayload(payloadFile);
      const repo = repoOf(values, io, parseOrUndefined(text));
      print?.(`prenv simulate · ${event} from ${payloadFile} · ${repo} · SIMULATED: sandbox engine and a local GitHub stand-in\n`);
      const [run] = await replay([singleEvent(event, text, repo)], { repo, ...(print ? { print } : {}) });
      if (json) io.stdout(`${JSON.stringify(run, null, 2)}\n`);
      return run?.failure ? 1 : 0;
    }
    const pr = parseStackConfig({ pr: flag(values, "pr") ?? "42", repo: "example/app", region: "us-east-1" }).identity.pr;
    const repo = repoOf(values, io);
    print?.(`prenv simulate · PR #${pr} of ${repo}: opened, pushed to, merged · SIMULATED: sandbox engine and a local GitHub stand-in\n`);
    const runs = await replay(scriptedLife(repo, pr), { repo, ...(print ? { print } : {}) });
    if (json) io.stdout(`${JSON.stringify({ pr, repo, simulated: true, runs }, null, 2)}\n`);
    return runs.some((run) => run.failure) ? 1 : 0;
  },
};

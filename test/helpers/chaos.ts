// The chaos run: PRs opened, pushed, commanded, closed and reopened in random order, with the
// events delivered twice, late or at the same time, while GitHub answers with server errors and
// rate limits, prenv's comment is deleted, and the sandbox engine crashes mid-update, fails
// destroys on AWS dependency errors and leaks resources. Then time passes and the reaper runs once,
// fault-free. What must hold: no stack of a closed PR, no comment whose state is stale, no
// orphaned resource, no unhandled rejection. Seeded: a failing run names its seed and its events.
// Shared by test/e2e/chaos.test.ts (which asserts) and `npm run bench` (which reports the counts).
import { marker, readState } from "../../src/core/comment.ts";
import { parseComment } from "../../src/core/command.ts";
import type { Intent } from "../../src/core/event.ts";
import { runSandboxed } from "../../src/pulumi/sandbox.ts";
import { SANDBOX_FAULTS, type SandboxFault } from "../../src/pulumi/sandbox-engine.ts";
import type { Fault } from "../../src/github/standin.ts";
import { virtualClock } from "./clock.ts";
import { deploy, destroy, REPO, sha, world, type World } from "./lifecycle.ts";

export interface ChaosOptions {
  readonly seed: number;
  readonly runs: number;
  /** PRs per run (default 3). */
  readonly prs?: number;
  /** Events per run, at most (default 12). */
  readonly maxEvents?: number;
}

export interface ChaosReport {
  readonly runs: number;
  readonly events: number;
  /** Faults that fired, by kind. */
  readonly faults: Readonly<Record<string, number>>;
  /** Events whose run ended in a failure (expected under faults: it must still end clean). */
  readonly failedEvents: number;
  readonly stacksLeftForClosedPrs: number;
  readonly staleComments: number;
  readonly orphansLeft: number;
  readonly unhandledRejections: number;
  /** What broke, one line each, with the seed and events to replay it. */
  readonly problems: readonly string[];
}

/** mulberry32: a tiny, good-enough seeded PRNG (the run must replay from its seed). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
type Rng = ReturnType<typeof prng>;

/** The program is deterministic in its stack and config, and running it is most of a deploy's time. */
const programRuns = new Map<string, ReturnType<typeof runSandboxed>>();
const memoizedRun: typeof runSandboxed = (args) => {
  const key = JSON.stringify([args.project, args.stack, args.config]);
  if (!programRuns.has(key)) programRuns.set(key, runSandboxed(args));
  return programRuns.get(key)!;
};

/** Where GitHub fails: the requests every event makes, and any request at all. */
const GITHUB_FAULT_PATHS = [/\/pulls\/\d+$/, /\/issues\/\d+\/comments$/, /\/issues\/comments\/\d+$/, /\/deployments/, /\/check-runs/, /\/reactions/, /./];
const GITHUB_FAULT_KINDS: readonly Omit<Fault, "path" | "times">[] = [
  { status: 500 },
  { status: 502 },
  { status: 503 },
  { status: 403, headers: { "retry-after": "1" } }, // a secondary rate limit
  { status: 429, headers: { "retry-after": "1" } },
];
const COMMANDS = ["/promote-green", "/promote-blue", "/status", "/extend 1d", "/redeploy", "/destroy", "/rollback", "/shift 20"];

interface Pr {
  readonly number: number;
  opened: boolean;
  open: boolean;
  pushes: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const faults: Record<string, number> = Object.fromEntries([...SANDBOX_FAULTS, "github 5xx", "github rate limit", "comment deleted"].map((f) => [f, 0]));
  const problems: string[] = [];
  let events = 0;
  let failedEvents = 0;
  let stacksLeftForClosedPrs = 0;
  let staleComments = 0;
  let orphansLeft = 0;
  let unhandledRejections = 0;
  const onUnhandled = (reason: unknown) => {
    unhandledRejections++;
    problems.push(`unhandled rejection: ${String(reason)}`);
  };
  process.on("unhandledRejection", onUnhandled);
  try {
    for (let i = 0; i < options.runs; i++) {
      const seed = options.seed + i;
      const rng = prng(seed);
      const clock = virtualClock();
      let chaos = true;
      const fault = (name: SandboxFault) => chaos && rng.chance(0.12) && (faults[name]!++, true);
      const w = await world(
        { ttl: "72h", "warn-before": "12h" },
        { clock, sandbox: { fault, run: memoizedRun }, resilience: { sleep: async () => {}, warn: () => {} } },
      );
      const played: string[] = [];
      try {
        w.github.permissions.set("octocat", "write");
        const prs: Pr[] = Array.from({ length: options.prs ?? 3 }, (_, k) => ({ number: k + 1, opened: false, open: false, pushes: 0 }));
        const count = rng.int(3, options.maxEvents ?? 12);
        for (let e = 0; e < count; e++) {
          const injected = injectGitHubFaults(w, rng);
          const pr = rng.pick(prs);
          const { label, intents } = nextEvent(w, pr, rng);
          played.push(label);
          if (rng.chance(0.05) && deleteComment(w, pr.number)) faults["comment deleted"]!++;
          // Intents listed together are delivered at once (a race); each run may fail, none may throw.
          // A GitHub error past prenv's retries may end a run by throwing: the door logs it and fails the run.
          const results = await Promise.all(
            intents.map((intent) =>
              w.run(intent).catch((error: unknown) => ({ failure: String(error), bug: typeof (error as { status?: unknown }).status !== "number" })),
            ),
          );
          events++;
          for (const result of results) {
            if (result.failure) failedEvents++;
            if ("bug" in result && result.bug) problems.push(`seed ${seed}: ${label} threw ${result.failure} after ${played.join(", ")}`);
          }
          for (const f of injected) {
            faults[f.fault.status >= 500 ? "github 5xx" : "github rate limit"]! += f.initial - f.fault.times;
          }
          w.github.faults.length = 0;
          clock.advance(rng.int(1, 30) * MINUTE);
        }

        chaos = false;
        clock.advance(3 * HOUR);
        const reaped = await w.reap({ deleteOrphans: false });
        if (reaped.failure) problems.push(`seed ${seed}: the reap failed: ${reaped.failure} after ${played.join(", ")}`);
        const found = await endState(w, prs);
        stacksLeftForClosedPrs += found.stacksLeftForClosedPrs;
        staleComments += found.stale.length;
        orphansLeft += found.orphans;
        for (const problem of found.problems) problems.push(`seed ${seed}: ${problem} after ${played.join(", ")}`);
      } finally {
        await w.stop();
      }
    }
    // Let any promise a run left behind settle before counting.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
  return { runs: options.runs, events, faults, failedEvents, stacksLeftForClosedPrs, staleComments, orphansLeft, unhandledRejections, problems };
}

/** GitHub faults for the next event: some fire fewer times than prenv retries, some more. */
function injectGitHubFaults(w: World, rng: Rng) {
  const injected: { fault: Fault; initial: number }[] = [];
  while (rng.chance(0.35)) {
    const fault: Fault = { ...rng.pick(GITHUB_FAULT_KINDS), path: rng.pick(GITHUB_FAULT_PATHS), times: rng.int(1, 5) };
    w.github.faults.push(fault);
    injected.push({ fault, initial: fault.times });
  }
  return injected;
}

function deleteComment(w: World, pr: number): boolean {
  const index = w.github.comments.findIndex((c) => c.issue === pr && c.body.startsWith(marker(pr)));
  if (index >= 0) w.github.comments.splice(index, 1);
  return index >= 0;
}

const command = (pr: number, text: string, w: World): Intent => {
  const parsed = parseComment(text);
  if (parsed.kind === "none") throw new Error(`not a command: ${text}`);
  const comment = w.github.addComment(pr, text);
  return { kind: "command", pr, actor: "octocat", reason: text, commentId: comment.id, parsed };
};

/** The next thing that happens to a PR, and the intents GitHub delivers for it. */
function nextEvent(w: World, pr: Pr, rng: Rng): { label: string; intents: Intent[] } {
  const head = () => sha(String((pr.pushes % 9) + 1));
  const setPull = () => w.github.addPullRequest({ number: pr.number, headSha: head(), state: pr.open ? "open" : "closed" });
  const at = `#${pr.number}`;
  if (!pr.opened || (!pr.open && rng.chance(0.3))) {
    pr.opened = pr.open = true;
    setPull();
    return { label: `open ${at}`, intents: [deploy(pr.number, head())] };
  }
  if (!pr.open) {
    // Late deliveries to a closed PR: a push that raced the close, the close delivered again.
    if (rng.chance(0.5)) return { label: `late push ${at}`, intents: [deploy(pr.number, head())] };
    return { label: `close again ${at}`, intents: [destroy(pr.number)] };
  }
  const roll = rng.next();
  if (roll < 0.3) {
    pr.pushes++;
    setPull();
    // Sometimes the push is delivered twice.
    const twice = rng.chance(0.2);
    return { label: `push ${at}${twice ? " (twice)" : ""}`, intents: twice ? [deploy(pr.number, head()), deploy(pr.number, head())] : [deploy(pr.number, head())] };
  }
  if (roll < 0.6) {
    const text = rng.pick(COMMANDS);
    return { label: `${text} ${at}`, intents: [command(pr.number, text, w)] };
  }
  if (roll < 0.68) {
    // A push and a command at once: a promotion may have to wait for the colour being deployed.
    pr.pushes++;
    setPull();
    const text = rng.pick(COMMANDS);
    return { label: `push+${text} ${at}`, intents: [deploy(pr.number, head()), command(pr.number, text, w)] };
  }
  if (roll < 0.75) {
    // A push and the close at once: the close must win.
    pr.pushes++;
    pr.open = false;
    setPull();
    return { label: `push+close ${at}`, intents: [deploy(pr.number, head()), destroy(pr.number)] };
  }
  if (roll < 0.85) {
    // A stale delivery: a push that is no longer the head.
    return { label: `stale push ${at}`, intents: [deploy(pr.number, sha("0"))] };
  }
  pr.open = false;
  setPull();
  return { label: `close ${at}`, intents: [destroy(pr.number)] };
}

/** The invariants, after the reap. */
async function endState(w: World, prs: readonly Pr[]) {
  const stacks = new Set((await w.ports.engine.listStacks()).map((s) => s.name));
  const problems: string[] = [];
  const stale: string[] = [];
  let stacksLeftForClosedPrs = 0;
  for (const pr of prs.filter((p) => p.opened)) {
    const ours = w.github.commentsOn(pr.number).filter((c) => c.body.startsWith(marker(pr.number)));
    const state = readState(ours[0]?.body);
    const hasStack = stacks.has(`pr-${pr.number}`);
    const at = `PR #${pr.number}`;
    if (ours.length > 1) problems.push(`${at} has ${ours.length} prenv comments`);
    if (!pr.open && hasStack) {
      stacksLeftForClosedPrs++;
      problems.push(`${at} is closed and still has its stack`);
    }
    const staleness = !state
      ? undefined
      : !pr.open && (state.status !== "destroyed" || (state.leftovers?.length ?? 0) > 0)
        ? `says ${state.status}${state.leftovers?.length ? " with leftovers" : ""} on a closed PR`
        : state.status === "deploying" || state.status === "destroying"
          ? `still says ${state.status}`
          : state.status === "deployed" && !hasStack
            ? "says deployed, and there is no stack"
            : state.status === "destroyed" && hasStack
              ? "says destroyed, and the stack is there"
              : undefined;
    if (staleness) {
      stale.push(at);
      problems.push(`${at}'s comment ${staleness}`);
    }
  }
  const orphans = (await w.ports.inventory!.list(REPO)).filter((r) => !r.stack || !stacks.has(r.stack));
  if (orphans.length > 0) problems.push(`${orphans.length} orphaned resources: ${orphans.map((r) => r.id).join(", ")}`);
  return { stacksLeftForClosedPrs, stale, orphans: orphans.length, problems };
}

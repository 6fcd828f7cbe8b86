// Changing a PR's production traffic: /promote-green, /shift green 25, /rollback, `prenv promote`.
// No Pulumi in this path: read the live listeners, check the colour that gains traffic is healthy,
// write the full weighted forward action, verify it, and point the test listener at the colour
// that is now idle. Weights are never left half-changed: a write that does not verify is undone.
import { type Color, TAG_KEYS } from "./core/naming.ts";
import {
  activeColor,
  allTo,
  describeHealth,
  gainingColors,
  otherColor,
  readyForTraffic,
  sameWeights,
  targetWeights,
  type TrafficChange,
  trafficSplit,
  type Weights,
} from "./core/traffic.ts";
import type { LiveTraffic, Traffic, TrafficTarget } from "./ports.ts";

export type TrafficProblem = "no-environment" | "not-owned" | "unhealthy" | "not-verified" | "gone";

/** A traffic change that did not happen, and what to do about it. */
export class TrafficError extends Error {
  readonly problem: TrafficProblem;

  constructor(problem: TrafficProblem, message: string) {
    super(message);
    this.name = "TrafficError";
    this.problem = problem;
  }
}

export interface TrafficOutcome {
  readonly changed: boolean;
  readonly before: Weights;
  readonly after: Weights;
  /** The colour the test listener now points at. */
  readonly idle: Color;
}

const describe = (target: TrafficTarget) => `pr-${target.pr} of ${target.repo}`;

/** Reads the live listeners, refusing ones that do not carry this repo's and PR's tags. */
export async function readTraffic(traffic: Traffic, target: TrafficTarget, checkOwner: boolean): Promise<LiveTraffic> {
  const live = await awsErrors(target, () => traffic.read(target, { withTags: checkOwner }));
  if (!live) {
    throw new TrafficError("no-environment", `${describe(target)} has no environment (no load balancer found); push a commit or comment /redeploy to create it`);
  }
  if (checkOwner) {
    const tags = live.tags ?? {};
    if (tags[TAG_KEYS.repo] !== target.repo || tags[TAG_KEYS.pr] !== String(target.pr)) {
      throw new TrafficError(
        "not-owned",
        `the listener ${live.production.arn} belongs to ${tags[TAG_KEYS.repo] ?? "no prenv repo"} PR ${tags[TAG_KEYS.pr] ?? "?"}, not ${describe(target)}; refusing to change it`,
      );
    }
  }
  return live;
}

export async function changeTraffic(
  traffic: Traffic,
  target: TrafficTarget,
  change: TrafficChange,
  options: { readonly checkOwner: boolean; readonly live?: LiveTraffic },
): Promise<TrafficOutcome> {
  const live = options.live ?? (await readTraffic(traffic, target, options.checkOwner));
  const before = live.production.weights;
  const after = targetWeights(change);
  const idle = otherColor(activeColor(after));
  const testTarget = allTo(idle);
  const productionChanges = !sameWeights(before, after);
  const testChanges = !sameWeights(live.test.weights, testTarget);
  if (!productionChanges && !testChanges) return { changed: false, before, after, idle };

  if (productionChanges && !change.force) {
    for (const color of gainingColors(before, after)) {
      const health = await awsErrors(target, () => traffic.health(live.targetGroups[color]));
      if (!readyForTraffic(health)) {
        throw new TrafficError(
          "unhealthy",
          `${color} is not ready for traffic (${describeHealth(health)}); wait for its targets to pass their health checks, or add "force" to override`,
        );
      }
    }
  }

  if (productionChanges) {
    const reported = await awsErrors(target, () => traffic.forward(live.production.arn, live.targetGroups, after));
    const actual = reported ?? (await readTraffic(traffic, target, false)).production.weights;
    if (!sameWeights(actual, after)) {
      await awsErrors(target, () => traffic.forward(live.production.arn, live.targetGroups, before));
      throw new TrafficError(
        "not-verified",
        `the listener reported ${trafficSplit(actual)} after asking for ${trafficSplit(after)}; the previous weights (${trafficSplit(before)}) were restored`,
      );
    }
  }
  if (testChanges) await awsErrors(target, () => traffic.forward(live.test.arn, live.targetGroups, testTarget));
  return { changed: true, before, after, idle };
}

/** The AWS errors a user can act on, said in their terms; anything else passes through as is. */
const AWS_ERRORS: Readonly<Record<string, (target: TrafficTarget) => TrafficError>> = {
  ListenerNotFoundException: (t) => new TrafficError("gone", `the listener of ${describe(t)} no longer exists: the environment was destroyed or is being replaced; comment /redeploy to recreate it`),
  TargetGroupNotFoundException: (t) => new TrafficError("gone", `a target group of ${describe(t)} no longer exists; comment /redeploy to recreate the environment`),
  LoadBalancerNotFoundException: (t) => new TrafficError("gone", `the load balancer of ${describe(t)} no longer exists; comment /redeploy to recreate it`),
};

async function awsErrors<T>(target: TrafficTarget, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const known = AWS_ERRORS[(error as { name?: string }).name ?? ""];
    if (known) throw known(target);
    if ((error as { name?: string }).name === "AccessDenied" || (error as { name?: string }).name === "AccessDeniedException") {
      throw new Error(`AWS refused: ${(error as Error).message}. The role needs elasticloadbalancing:Describe*, elasticloadbalancing:ModifyListener and tag:GetResources`, { cause: error });
    }
    throw error;
  }
}

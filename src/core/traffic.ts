// Production traffic between the two colours, as percentages that add up to 100, and the rules
// for changing it: what a promote, a canary shift or a rollback asks for, which colour must be
// healthy first, and when a change is no change at all.
import { type Color, COLORS } from "./naming.ts";

export type Weights = Readonly<Record<Color, number>>;

/** The stack's two listeners: production traffic on 80, the idle colour for testing on 8080. */
export const LISTENER_PORTS = { production: 80, test: 8080 } as const;

/** The colour taking most production traffic (blue on a tie: it is the first to serve). */
export const activeColor = (weights: Weights | undefined): Color => (weights && weights.green > weights.blue ? "green" : "blue");

export const otherColor = (color: Color): Color => (color === "blue" ? "green" : "blue");

/** Production traffic by colour, e.g. "blue 100% · green 0%". */
export const trafficSplit = (weights: Weights) => COLORS.map((color) => `${color} ${weights[color]}%`).join(" · ");

export const sameWeights = (a: Weights, b: Weights) => COLORS.every((color) => a[color] === b[color]);

/** All traffic to one colour. */
export const allTo = (color: Color): Weights => ({ blue: color === "blue" ? 100 : 0, green: color === "green" ? 100 : 0 });

/** Weights by colour from a forward action's target groups (ELBv2 or the sandbox's copy of it). */
export function weightsByColor(
  groups: readonly { readonly arn?: string | undefined; readonly weight?: number | undefined }[],
  targetGroupArns: Readonly<Record<Color, string>>,
): Weights | undefined {
  if (groups.length === 0) return undefined;
  return Object.fromEntries(COLORS.map((color) => [color, groups.find((g) => g.arn === targetGroupArns[color])?.weight ?? 0])) as Record<Color, number>;
}

export type TrafficChange =
  | { readonly kind: "promote"; readonly color: Color; readonly force: boolean }
  | { readonly kind: "shift"; readonly color: Color; readonly weight: number; readonly force: boolean }
  /** Back to `to`: the colour that served before the last change (recorded by whoever made it). */
  | { readonly kind: "rollback"; readonly to: Color; readonly force: boolean };

/** The production weights a change asks for. */
export function targetWeights(change: TrafficChange): Weights {
  switch (change.kind) {
    case "promote":
      return allTo(change.color);
    case "rollback":
      return allTo(change.to);
    case "shift":
      return change.color === "blue" ? { blue: change.weight, green: 100 - change.weight } : { blue: 100 - change.weight, green: change.weight };
  }
}

/** Colours that get more traffic than before: their targets must be healthy first. */
export const gainingColors = (before: Weights, after: Weights): Color[] => COLORS.filter((color) => after[color] > before[color]);

export interface TargetHealthCounts {
  readonly healthy: number;
  readonly unhealthy: number;
  /** initial, draining, unused, unavailable: neither proven healthy nor failing. */
  readonly other: number;
}

/** Ready for traffic: at least one healthy target and none failing its health checks. */
export const readyForTraffic = (health: TargetHealthCounts) => health.healthy >= 1 && health.unhealthy === 0;

export const describeHealth = (health: TargetHealthCounts) =>
  `${health.healthy} healthy, ${health.unhealthy} unhealthy${health.other > 0 ? `, ${health.other} not yet in service` : ""}`;

// Production traffic between the two colours, as percentages that add up to 100.
import { type Color, COLORS } from "./naming.ts";

export type Weights = Readonly<Record<Color, number>>;

/** The colour taking most production traffic (blue on a tie: it is the first to serve). */
export const activeColor = (weights: Weights | undefined): Color => (weights && weights.green > weights.blue ? "green" : "blue");

export const otherColor = (color: Color): Color => (color === "blue" ? "green" : "blue");

/** Production traffic by colour, e.g. "blue 100% · green 0%". */
export const trafficSplit = (weights: Weights) => COLORS.map((color) => `${color} ${weights[color]}%`).join(" · ");

/** Weights by colour from a forward action's target groups (ELBv2 or the sandbox's copy of it). */
export function weightsByColor(
  groups: readonly { readonly arn?: string | undefined; readonly weight?: number | undefined }[],
  targetGroupArns: Readonly<Record<Color, string>>,
): Weights | undefined {
  if (groups.length === 0) return undefined;
  return Object.fromEntries(COLORS.map((color) => [color, groups.find((g) => g.arn === targetGroupArns[color])?.weight ?? 0])) as Record<Color, number>;
}

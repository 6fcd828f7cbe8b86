// Which colour a deploy touches. The colour serving production keeps the image it ran (recorded
// in the stack's outputs); the new build goes to the idle colour, where the test listener points.
// Traffic is read from the live listener, so a promotion made by the bot is never undone here.
import type { Color } from "./naming.ts";
import type { StackOutputs } from "./outputs.ts";
import { DEFAULT_IMAGE } from "./stack-config.ts";
import { activeColor, otherColor, type Weights } from "./traffic.ts";

export interface Rollout {
  readonly images: Readonly<Record<Color, string>>;
  readonly active: Color;
  /** The colour the new build lands on; both colours on a first deploy. */
  readonly target: Color | "both";
}

export function planRollout(
  previous: StackOutputs | undefined,
  weights: Weights | undefined,
  image: string | undefined,
): Rollout {
  if (!previous || !previous.blueImage || !previous.greenImage) {
    const first = image ?? DEFAULT_IMAGE;
    return { images: { blue: first, green: first }, active: "blue", target: "both" };
  }
  const active = activeColor(weights);
  const idle = otherColor(active);
  const recorded = { blue: previous.blueImage, green: previous.greenImage };
  return { images: { ...recorded, [idle]: image ?? recorded[idle] }, active, target: idle };
}

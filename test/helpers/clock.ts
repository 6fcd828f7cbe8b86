// A clock whose sleeps take no time: waiting, backoff and expiry are tested without waiting.
import type { Clock } from "../../src/ports.ts";

export interface VirtualClock extends Clock {
  /** Every sleep asked for, in milliseconds. */
  readonly slept: number[];
  /** Moves time on without a sleep (a day passes between two events). */
  advance(ms: number): void;
}

export function virtualClock(start = "2026-11-22T10:00:00Z"): VirtualClock {
  let now = Date.parse(start);
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date(now),
    sleep: async (ms) => void (slept.push(ms), (now += ms)),
    advance: (ms) => void (now += ms),
  };
}

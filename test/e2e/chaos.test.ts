// The chaos test (test/helpers/chaos.ts): 200 seeded runs of random events under random GitHub and
// engine faults, each followed by a reap. Nothing may be left running, no comment may be stale,
// no promise may be left unhandled.
import { describe, expect, it } from "vitest";
import { runChaos } from "../helpers/chaos.ts";

describe("chaos", () => {
  it("200 seeded runs with faults at random steps, then a reap: nothing left, nothing stale", { timeout: 240_000 }, async () => {
    const report = await runChaos({ seed: 20261129, runs: 200 });
    console.log(
      `chaos: ${report.runs} runs, ${report.events} events (${report.failedEvents} failed under faults), faults injected ${JSON.stringify(report.faults)}; ` +
        `stacks left for closed PRs ${report.stacksLeftForClosedPrs}, stale comments ${report.staleComments}, orphans left ${report.orphansLeft}, ` +
        `unhandled rejections ${report.unhandledRejections}`,
    );
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ stacksLeftForClosedPrs: 0, staleComments: 0, orphansLeft: 0, unhandledRejections: 0 });
    // The faults really fired, every kind of them, and some runs really failed.
    for (const count of Object.values(report.faults)) expect(count).toBeGreaterThan(0);
    expect(report.failedEvents).toBeGreaterThan(0);
  });
});

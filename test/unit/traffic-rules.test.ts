import { describe, expect, it } from "vitest";
import { activeColor, gainingColors, readyForTraffic, targetWeights, trafficSplit } from "../../src/core/traffic.ts";

describe("traffic rules", () => {
  it("turns each change into the weights it asks for", () => {
    expect(targetWeights({ kind: "promote", color: "green", force: false })).toEqual({ blue: 0, green: 100 });
    expect(targetWeights({ kind: "shift", color: "green", weight: 25, force: false })).toEqual({ blue: 75, green: 25 });
    expect(targetWeights({ kind: "shift", color: "blue", weight: 100, force: false })).toEqual({ blue: 100, green: 0 });
    expect(targetWeights({ kind: "rollback", to: "blue", force: false })).toEqual({ blue: 100, green: 0 });
  });

  it("knows which colour gains traffic, and which serves", () => {
    expect(gainingColors({ blue: 100, green: 0 }, { blue: 75, green: 25 })).toEqual(["green"]);
    expect(gainingColors({ blue: 75, green: 25 }, { blue: 100, green: 0 })).toEqual(["blue"]);
    expect(gainingColors({ blue: 50, green: 50 }, { blue: 50, green: 50 })).toEqual([]);
    expect(activeColor({ blue: 40, green: 60 })).toBe("green");
    expect(activeColor({ blue: 50, green: 50 })).toBe("blue");
    expect(trafficSplit({ blue: 75, green: 25 })).toBe("blue 75% · green 25%");
  });

  it("is ready for traffic with at least one healthy target and none unhealthy", () => {
    expect(readyForTraffic({ healthy: 1, unhealthy: 0, other: 3 })).toBe(true);
    expect(readyForTraffic({ healthy: 2, unhealthy: 1, other: 0 })).toBe(false);
    expect(readyForTraffic({ healthy: 0, unhealthy: 0, other: 2 })).toBe(false);
  });
});

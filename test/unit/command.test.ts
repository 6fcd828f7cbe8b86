import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closestCommand, helpText, parseComment } from "../../src/core/command.ts";

describe("parseComment: the grammar", () => {
  it.each([
    ["/promote-green", { name: "promote", color: "green", force: false }],
    ["/promote-blue", { name: "promote", color: "blue", force: false }],
    ["/PROMOTE-Green", { name: "promote", color: "green", force: false }],
    ["/promote-green force", { name: "promote", color: "green", force: true }],
    ["  /promote-green  ", { name: "promote", color: "green", force: false }],
    ["/rollback", { name: "rollback", force: false }],
    ["/rollback force", { name: "rollback", force: true }],
    ["/shift green 25", { name: "shift", color: "green", weight: 25, force: false }],
    ["/shift BLUE 0", { name: "shift", color: "blue", weight: 0, force: false }],
    ["/shift green 100 force", { name: "shift", color: "green", weight: 100, force: true }],
    ["/redeploy", { name: "redeploy" }],
    ["/destroy", { name: "destroy" }],
    ["/status", { name: "status" }],
    ["/help", { name: "help" }],
    ["/extend 24h", { name: "extend", durationMs: 86_400_000 }],
    ["/extend 1d12h", { name: "extend", durationMs: 129_600_000 }],
    ["/approve", { name: "approve" }],
    ["/status\nand some words for the humans below", { name: "status" }],
  ])("%j is %j", (body, command) => {
    expect(parseComment(body)).toMatchObject({ kind: "command", command });
  });

  it.each([
    ["/shift green 101", "percentage must be a whole number from 0 to 100, not \"101\": /shift green 25"],
    ["/shift green -5", "percentage must be a whole number from 0 to 100, not \"-5\": /shift green 25"],
    ["/shift green 2.5", "percentage must be a whole number from 0 to 100, not \"2.5\": /shift green 25"],
    ["/shift red 25", "colour must be blue or green, not \"red\": /shift green 25"],
    ["/shift green", "needs a colour and a percentage: /shift green 25"],
    ["/shift green 25 please", "takes no words other than \"force\": /shift blue|green 0-100 [force]"],
    ["/promote-green now", "takes no words other than \"force\": /promote-green [force]"],
    ["/destroy everything", "takes no arguments: /destroy"],
    ["/extend", "needs one duration: /extend 24h"],
    ["/extend soon", "\"soon\" is not a duration; use a number and a unit (m, h, d, w): /extend 24h"],
    ["/extend 30d", "can extend by at most 7d, not 30d"],
    ["/promot-green", "is not a prenv command; did you mean /promote-green? Commands: /promote-green, /promote-blue, /rollback, /shift, /redeploy, /destroy, /status, /extend, /approve, /help"],
    ["/deploy", "is not a prenv command; did you mean /redeploy? Commands: /promote-green, /promote-blue, /rollback, /shift, /redeploy, /destroy, /status, /extend, /approve, /help"],
    ["/lgtm", "is not a prenv command. Commands: /promote-green, /promote-blue, /rollback, /shift, /redeploy, /destroy, /status, /extend, /approve, /help"],
    ["/status\u0007", "contains control characters; type the command as plain text"],
    ["/status\u202e", "contains control characters; type the command as plain text"],
    [`/status ${"x".repeat(200)}`, "is longer than 100 characters; a command is one short line, e.g. /promote-green"],
  ])("%j is refused: %s", (body, message) => {
    expect(parseComment(body)).toMatchObject({ kind: "invalid", message });
  });

  it("does not take a command from anywhere but the start of the first line", () => {
    expect(parseComment("LGTM\n/promote-green")).toEqual({ kind: "none" });
    expect(parseComment("please /promote-green")).toEqual({ kind: "none" });
    expect(parseComment("")).toEqual({ kind: "none" });
  });

  it("honours a configured maximum for /extend", () => {
    expect(parseComment("/extend 2d", { maxExtendMs: 86_400_000 })).toMatchObject({ kind: "invalid", message: "can extend by at most 1d, not 2d" });
  });

  it("never throws, and never yields a command from a first line that does not start with /", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (body) => {
        const parsed = parseComment(body);
        const first = (body.split(/\r?\n/, 1)[0] ?? "").trim();
        if (!first.startsWith("/")) expect(parsed).toEqual({ kind: "none" });
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (rest) => {
        const parsed = parseComment(`/${rest}`);
        expect(["command", "invalid"]).toContain(parsed.kind);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("closestCommand and helpText", () => {
  it("suggests near misses only", () => {
    expect(closestCommand("promote-gren")).toBe("promote-green");
    expect(closestCommand("rolback")).toBe("rollback");
    expect(closestCommand("xyzzy")).toBeUndefined();
  });

  it("lists every command with its form", () => {
    expect(helpText().split("\n")).toEqual([
      "- `/promote-green [force]`: send all production traffic to green (force: even if its targets are not healthy)",
      "- `/promote-blue [force]`: send all production traffic to blue (force: even if its targets are not healthy)",
      "- `/rollback [force]`: send traffic back to the colour that served before the last promotion",
      "- `/shift blue|green 0-100 [force]`: canary: send that percentage of production traffic to a colour",
      "- `/redeploy`: deploy the PR's head commit again",
      "- `/destroy`: destroy this PR's environment now",
      "- `/status`: refresh the environment's status in the comment",
      "- `/extend <duration>`: keep the environment longer before the reaper removes it, e.g. /extend 24h",
      "- `/approve`: let this fork PR's current head commit deploy (a later push needs a new approval)",
      "- `/help`: list the commands",
    ]);
  });
});

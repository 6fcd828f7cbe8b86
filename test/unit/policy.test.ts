// Who may do what: every command at every permission level.
import { describe, expect, it } from "vitest";
import type { CommandName } from "../../src/core/command.ts";
import { authorize, DEFAULT_COMMAND_PERMISSIONS, needsPermission, parsePermissionTable, type Permission, PERMISSIONS, trustedCommentAuthor } from "../../src/core/policy.ts";

// ✓ allowed, · refused; columns in PERMISSIONS order: none read triage write maintain admin
const TABLE: Record<CommandName, string> = {
  status: "✓✓✓✓✓✓",
  help: "✓✓✓✓✓✓",
  promote: "···✓✓✓",
  shift: "···✓✓✓",
  rollback: "···✓✓✓",
  redeploy: "···✓✓✓",
  destroy: "···✓✓✓",
  extend: "···✓✓✓",
  approve: "···✓✓✓",
};

describe("authorize", () => {
  for (const [command, row] of Object.entries(TABLE) as [CommandName, string][]) {
    it.each(PERMISSIONS.map((permission, i) => [permission, [...row][i] === "✓"] as const))(`${command} with %s permission: allowed %s`, (permission, allowed) => {
      expect(authorize(command, permission).allowed).toBe(allowed);
    });
  }

  it("names the permission needed and the one the user has", () => {
    expect(authorize("destroy", "triage")).toEqual({ allowed: false, needed: "write", has: "triage" });
  });

  it("looks permissions up only for commands that need them", () => {
    expect(needsPermission("status")).toBe(false);
    expect(needsPermission("promote")).toBe(true);
  });

  it("honours a configured table", () => {
    const table = { ...DEFAULT_COMMAND_PERMISSIONS, ...(parsePermissionTable("destroy=admin, /promote-green=maintain") as Record<string, Permission>) };
    expect(authorize("destroy", "maintain", table).allowed).toBe(false);
    expect(authorize("destroy", "admin", table).allowed).toBe(true);
    expect(authorize("promote", "write", table)).toEqual({ allowed: false, needed: "maintain", has: "write" });
  });

  it("explains a table it cannot read", () => {
    expect(parsePermissionTable("destroy")).toBe('permission must be one of none, read, triage, write, maintain, admin in "destroy"');
    expect(parsePermissionTable("nuke=admin")).toBe('unknown command "nuke" in "nuke=admin"');
  });
});

describe("trustedCommentAuthor", () => {
  const asked: string[] = [];
  const permission = async (login: string) => (asked.push(login), ({ maintainer: "write", stranger: "read" }[login] ?? "none") as Permission);

  it("trusts a bot without asking, a person with write access (prenv on a personal token), and nobody else", async () => {
    expect(await trustedCommentAuthor({ login: "github-actions[bot]", type: "Bot" }, permission)).toBe(true);
    expect(await trustedCommentAuthor({ login: "maintainer", type: "User" }, permission)).toBe(true);
    expect(await trustedCommentAuthor({ login: "stranger", type: "User" }, permission)).toBe(false);
    expect(await trustedCommentAuthor(null, permission)).toBe(false);
    expect(asked).toEqual(["maintainer", "stranger"]);
  });
});

// Who may do what. Permissions come from GitHub's collaborator-permission endpoint, never from
// author_association or from being the PR's author; fork PRs deploy only when allowed or approved
// for their exact head commit.
import type { CommandName } from "./command.ts";

export const PERMISSIONS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type Permission = (typeof PERMISSIONS)[number];

const rank = (permission: Permission) => PERMISSIONS.indexOf(permission);

/** The repository permission each command needs; `none`: anyone who can comment. */
export const DEFAULT_COMMAND_PERMISSIONS: Readonly<Record<CommandName, Permission>> = {
  status: "none",
  help: "none",
  promote: "write",
  rollback: "write",
  shift: "write",
  redeploy: "write",
  destroy: "write",
  extend: "write",
  approve: "write",
};

export type Authorization = { readonly allowed: true } | { readonly allowed: false; readonly needed: Permission; readonly has: Permission };

export function authorize(
  command: CommandName,
  has: Permission,
  required: Readonly<Record<CommandName, Permission>> = DEFAULT_COMMAND_PERMISSIONS,
): Authorization {
  const needed = required[command];
  return rank(has) >= rank(needed) ? { allowed: true } : { allowed: false, needed, has };
}

/**
 * Whether a comment carrying prenv's marker may be taken for prenv's own: its state decides what
 * deploys (a fork's approval lives there), so a fork's author must not be able to plant one. An
 * app or Actions bot wrote it; or a person with write access did, when prenv runs on a personal
 * token. `permission` is asked only for a person.
 */
export async function trustedCommentAuthor(author: { login?: string; type?: string } | null | undefined, permission: (login: string) => Promise<Permission>): Promise<boolean> {
  if (!author?.login) return false;
  if (author.type === "Bot") return true;
  return rank(await permission(author.login)) >= rank("write");
}

/** Whether a command needs a permission lookup at all (saves a request for /status and /help). */
export const needsPermission = (command: CommandName, required = DEFAULT_COMMAND_PERMISSIONS) => required[command] !== "none";

export interface PullRequestFacts {
  readonly number: number;
  readonly state: "open" | "closed";
  readonly draft: boolean;
  readonly headSha: string;
  /** `owner/name` of the head branch's repository; differs from the base repo for a fork. */
  readonly headRepo: string;
  readonly fork: boolean;
}

export interface Approval {
  readonly sha: string;
  readonly by: string;
  readonly at: string;
}

export type DeployGate = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** A fork PR runs code nobody with write access has looked at: it waits for an approval of its head commit. */
export function deployGate(pr: PullRequestFacts, allowForks: boolean, approval: Approval | undefined): DeployGate {
  if (!pr.fork || allowForks) return { allowed: true };
  if (approval?.sha === pr.headSha) return { allowed: true };
  return {
    allowed: false,
    reason: approval
      ? `commit ${pr.headSha.slice(0, 7)} is newer than the approved ${approval.sha.slice(0, 7)}; a push needs a new approval`
      : `the PR comes from the fork ${pr.headRepo}`,
  };
}

export function parsePermissionTable(text: string): Partial<Record<CommandName, Permission>> | string {
  const table: Partial<Record<CommandName, Permission>> = {};
  for (const entry of text.split(/[,\n]/).map((part) => part.trim()).filter(Boolean)) {
    const [command, permission] = entry.split("=").map((part) => part.trim().replace(/^\//, "").toLowerCase());
    const name = command === "promote-green" || command === "promote-blue" ? "promote" : command;
    if (!name || !(name in DEFAULT_COMMAND_PERMISSIONS)) return `unknown command "${command ?? ""}" in "${entry}"`;
    if (!permission || !(PERMISSIONS as readonly string[]).includes(permission)) {
      return `permission must be one of ${PERMISSIONS.join(", ")} in "${entry}"`;
    }
    table[name as CommandName] = permission as Permission;
  }
  return table;
}

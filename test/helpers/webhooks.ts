// Real webhook payloads from @octokit/webhooks-examples (GitHub's own examples), cloned so a test
// can make its variant (a fork, a draft, a bot) without touching the others.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const index = require("@octokit/webhooks-examples") as { name: string; examples: Record<string, any>[] }[];

export function example(event: string, action?: string, nth = 0): Record<string, any> {
  const examples = index.find((entry) => entry.name === event)?.examples.filter((e) => action === undefined || e["action"] === action) ?? [];
  const found = examples[nth];
  if (!found) throw new Error(`no ${event}${action ? `.${action}` : ""} example #${nth}`);
  return structuredClone(found);
}

/** The issue_comment example, turned into a comment on a pull request. */
export function prComment(body: string, overrides: { login?: string; type?: string; action?: string } = {}): Record<string, any> {
  const payload = example("issue_comment", overrides.action ?? "created");
  payload["issue"].pull_request = { url: `https://api.github.com/repos/Codertocat/Hello-World/pulls/${payload["issue"].number}` };
  payload["comment"].body = body;
  payload["comment"].user = { ...payload["comment"].user, login: overrides.login ?? "octocat", type: overrides.type ?? "User" };
  return payload;
}

/**
 * The same requests, in any order where prenv makes them concurrently: what was asked and how
 * often, then the order that matters (`first` before everything else it names, `last` at the end).
 */
export function sameRequests(actual: readonly string[], expected: readonly string[], order: { last?: string } = {}): void {
  if ([...actual].sort().join("\n") !== [...expected].sort().join("\n")) {
    throw new Error(`requests differ:\n  actual:   ${actual.join("\n            ")}\n  expected: ${expected.join("\n            ")}`);
  }
  if (order.last !== undefined && actual.at(-1) !== order.last) throw new Error(`the last request was ${actual.at(-1)}, not ${order.last}`);
}

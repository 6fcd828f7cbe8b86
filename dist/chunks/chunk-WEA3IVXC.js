import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  external_exports
} from "./chunk-4O2OTYLT.js";
import {
  COLORS,
  TAG_KEYS,
  activeColor,
  otherColor,
  stackName,
  trafficSplit
} from "./chunk-SGK2CS55.js";

// src/core/duration.ts
var UNITS = {
  s: 1e3,
  m: 6e4,
  h: 36e5,
  d: 864e5,
  w: 6048e5
};
var DURATION = /^(?:\d{1,6}[smhdw])+$/;
var PART = /(\d{1,6})([smhdw])/g;
function parseDuration(text) {
  const normalized = text.trim().toLowerCase();
  if (!DURATION.test(normalized)) return void 0;
  let total = 0;
  for (const [, amount, unit] of normalized.matchAll(PART)) total += Number(amount) * UNITS[unit];
  return total > 0 ? total : void 0;
}
function formatDuration(ms) {
  const parts = [];
  let rest = Math.max(0, Math.round(ms / 1e3)) * 1e3;
  for (const unit of ["d", "h", "m", "s"]) {
    const size = UNITS[unit];
    if (rest >= size || unit === "s" && parts.length === 0) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

// src/core/comment.ts
var COMMENT_LIMIT = 65536;
var LOG_LINE_LIMIT = 400;
var STATUSES = ["deploying", "deployed", "failed", "waiting", "destroying", "destroyed"];
var colorRecord = (value) => external_exports.object({ blue: value, green: value });
var stateSchema = external_exports.object({
  status: external_exports.enum(STATUSES),
  sha: external_exports.string().optional(),
  deploymentId: external_exports.number().int().optional(),
  firstDeployedAt: external_exports.string().optional(),
  deployedAt: external_exports.string().optional(),
  lastActivityAt: external_exports.string().optional(),
  /** Extra time granted by /extend, on top of the TTL. */
  extendedMs: external_exports.number().nonnegative().optional(),
  deploys: external_exports.number().int().nonnegative().default(0),
  hourlyUsd: external_exports.number().nonnegative().optional(),
  durationMs: external_exports.number().nonnegative().optional(),
  approval: external_exports.object({ sha: external_exports.string(), by: external_exports.string(), at: external_exports.string() }).optional(),
  links: external_exports.object({ appUrl: external_exports.string(), testUrl: external_exports.string(), dashboardUrl: external_exports.string() }).optional(),
  images: colorRecord(external_exports.string()).optional(),
  weights: colorRecord(external_exports.number()).optional(),
  /** The colour serving before the last traffic change: where /rollback goes. */
  previousActive: external_exports.enum(COLORS).optional(),
  /** The integration checks of the last deploy. */
  verification: external_exports.object({
    /** `error`: the checks could not finish (GitHub or AWS failed them); the deploy itself stands. */
    status: external_exports.enum(["running", "passed", "failed", "error"]),
    passed: external_exports.number().int().nonnegative().default(0),
    failed: external_exports.number().int().nonnegative().default(0),
    skipped: external_exports.number().int().nonnegative().default(0),
    failing: external_exports.array(external_exports.string()).default([]),
    url: external_exports.string().optional(),
    error: external_exports.string().optional()
  }).optional(),
  /** When the reaper last warned that the environment is about to expire. */
  warnedAt: external_exports.string().optional(),
  /** Resources still there after the last destroy (ARNs or names): the reaper retries them. */
  leftovers: external_exports.array(external_exports.string()).optional(),
  /** While deploying: the colour the new build goes to. */
  deployingTo: external_exports.enum([...COLORS, "both"]).optional(),
  simulated: external_exports.boolean().optional()
});
var marker = (pr) => `<!-- prenv:${stackName(pr)} -->`;
var STATE = /<!-- prenv:state (\{[\s\S]*?\}) -->/;
function readState(body) {
  const match = body ? STATE.exec(body) : null;
  if (!match) return void 0;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(match[1]));
    return parsed.success ? parsed.data : void 0;
  } catch {
    return void 0;
  }
}
var shortSha = (sha) => sha ? sha.slice(0, 7) : "unknown";
var utc = (date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
var usd = (amount, digits = 4) => `$${amount.toFixed(digits)}`;
var runLink = (view, text = "run log") => view.runUrl ? `[${text}](${view.runUrl})` : "";
var STALE_RUN_MS = 2 * 36e5;
function expiresAt(state, ttlMs) {
  const since = state.lastActivityAt ?? state.deployedAt;
  return since ? new Date(Date.parse(since) + ttlMs + (state.extendedMs ?? 0)) : void 0;
}
var HEADLINES = {
  deploying: (stack) => `### \u23F3 Deploying \`${stack}\``,
  deployed: (stack) => `### \u2705 \`${stack}\` is deployed`,
  failed: (stack, view) => `### \u274C ${view.failure?.operation === "destroy" ? "Destroying" : "Deploying"} \`${stack}\` failed`,
  waiting: (stack) => `### \u{1F512} \`${stack}\` is waiting for approval`,
  destroying: (stack) => `### \u{1F9F9} Destroying \`${stack}\``,
  destroyed: (stack) => `### \u{1F5D1}\uFE0F \`${stack}\` was destroyed`
};
var BODIES = {
  deploying: (view) => {
    const { state } = view;
    const target = state.deploys === 0 ? "to both colours (first deploy)" : `to **${otherColor(activeColor(state.weights))}** while ${activeColor(state.weights)} keeps serving`;
    return [`Deploying commit \`${shortSha(state.sha)}\` ${target}. ${runLink(view, "Run log")}`.trimEnd()];
  },
  deployed: (view) => environmentTable(view),
  failed: (view) => failureLines(view),
  waiting: (view) => [
    `Not deployed: ${view.waitingReason ?? "this PR needs an approval"}. A maintainer can approve commit \`${shortSha(view.state.sha)}\` by commenting \`/approve\`${view.approveLabel ? ` or adding the \`${view.approveLabel}\` label` : ""}; a later push needs a new approval.`
  ],
  destroying: (view) => [`${view.destroyReason ?? "Destroying"}: destroying its environment. ${runLink(view, "Run log")}`.trimEnd()],
  destroyed: (view) => [lifetime(view), ...leftoverLines(view.state.leftovers ?? [])]
};
function environmentTable(view) {
  const { state } = view;
  const weights = state.weights ?? { blue: 100, green: 0 };
  const idle = otherColor(activeColor(weights));
  const expiry = expiresAt(state, view.ttlMs);
  const rows = [
    ["App", state.links?.appUrl ?? "(unknown)"],
    [`Test URL (${idle}, idle)`, state.links?.testUrl ?? "(unknown)"],
    ["Dashboard", state.links?.dashboardUrl ? `[CloudWatch](${state.links.dashboardUrl})` : "(none)"],
    ["Traffic", trafficSplit(weights)],
    ...state.images ? [["Images", COLORS.map((c) => `${c} \`${state.images[c]}\``).join(" \xB7 ")]] : [],
    [
      "Commit",
      `\`${shortSha(state.sha)}\`${state.durationMs !== void 0 ? `, deployed in ${formatDuration(state.durationMs)}` : ""}${view.runUrl ? ` (${runLink(view)})` : ""}`
    ],
    ...state.verification ? [["Integration", verificationCell(state.verification)]] : [],
    ...state.hourlyUsd !== void 0 ? [["Estimated cost", `${usd(state.hourlyUsd)}/hour (about ${usd(state.hourlyUsd * 24, 2)}/day)`]] : [],
    ...expiry ? [["Expires", `${utc(expiry)} (${formatDuration(view.ttlMs + (state.extendedMs ?? 0))} after the last activity)`]] : []
  ];
  return [
    ...state.simulated ? ["> \u{1F9EA} **Simulated** by prenv's sandbox engine: nothing was created in AWS and these URLs do not resolve.", ""] : [],
    ...expiryWarning(view, expiry),
    "| | |",
    "|---|---|",
    ...rows.map(([key, value]) => `| ${key} | ${value} |`),
    "",
    state.images && state.images.blue === state.images.green ? `Both colours run the same image; the next push deploys to ${idle}, where the test URL points.` : `${idle === "green" ? "Green" : "Blue"} is ready: comment \`/promote-${idle}\` to send it production traffic.`
  ];
}
function expiryWarning(view, expiry) {
  const warnedAt = view.state.warnedAt ? Date.parse(view.state.warnedAt) : NaN;
  if (!expiry || view.warnBeforeMs === void 0 || !(warnedAt >= expiry.getTime() - view.warnBeforeMs)) return [];
  const keep = view.keepLabel ? `, or add the \`${view.keepLabel}\` label` : "";
  return [
    `> \u23F0 **This environment expires ${utc(expiry)}** (in ${formatDuration(expiry.getTime() - view.now.getTime())}) for lack of activity, and the reaper destroys it then. Comment \`/extend 24h\` to keep it longer${keep}.`,
    ""
  ];
}
function verificationCell(v) {
  const link = v.url ? ` ([check run](${v.url}))` : "";
  if (v.status === "running") return `\u{1F50E} running${link}`;
  if (v.status === "error") return `\u26A0\uFE0F could not finish: ${v.error ?? "see the run log"}${link}`;
  const counts = `${v.passed} passed${v.skipped > 0 ? `, ${v.skipped} skipped` : ""}`;
  return v.status === "passed" ? `\u2705 ${counts}${link}` : `\u274C ${v.failed} failed: ${v.failing.join(", ")}; ${counts}${link}`;
}
function failureLines(view) {
  const failure = view.failure;
  if (!failure) return ["Something failed; see the run log."];
  const next = failure.operation === "destroy" ? "Comment `/destroy` or re-run the workflow to try again; the reaper also retries." : "Push a commit or comment `/redeploy` to try again; closing the PR destroys whatever was created.";
  return [
    `**${failure.step}** failed: ${failure.message.replace(/[.!?]?$/, ".")} ${runLink(view, "Run log")}`.trimEnd(),
    ...failure.logTail.length > 0 ? ["", `<details><summary>Last ${failure.logTail.length} lines of the output (secrets redacted)</summary>`, "", "```text", ...failure.logTail, "```", "", "</details>"] : [],
    "",
    next
  ];
}
var LEFTOVERS_SHOWN = 20;
function leftoverLines(leftovers) {
  if (leftovers.length === 0) return [];
  const shown = leftovers.slice(0, LEFTOVERS_SHOWN).map((id) => `- \`${id}\``);
  const more = leftovers.length > LEFTOVERS_SHOWN ? [`- \u2026and ${leftovers.length - LEFTOVERS_SHOWN} more`] : [];
  return [
    "",
    `\u26A0\uFE0F ${leftovers.length === 1 ? "1 resource was" : `${leftovers.length} resources were`} still there after the destroy and could not be deleted yet; the reaper retries ${leftovers.length === 1 ? "it" : "them"}:`,
    "",
    ...shown,
    ...more
  ];
}
function lifetime(view) {
  const { state } = view;
  const reason = view.destroyReason ? `${view.destroyReason}. ` : "";
  if (!state.firstDeployedAt) return `${reason}Nothing had been deployed.`;
  const ranMs = view.now.getTime() - Date.parse(state.firstDeployedAt);
  const deploys = `${state.deploys} deploy${state.deploys === 1 ? "" : "s"}`;
  const cost = state.hourlyUsd !== void 0 ? ` at an estimated ${usd(state.hourlyUsd)}/hour: about ${usd(state.hourlyUsd * ranMs / 36e5, 2)} in total` : "";
  return `${reason}Its environment ran for ${formatDuration(ranMs)} (first deployed ${utc(new Date(state.firstDeployedAt))}, ${deploys})${cost}.`;
}
var stateBlock = (state) => (
  // "<" and ">" escaped so no value can close the HTML comment early.
  `<!-- prenv:state ${JSON.stringify(state).replace(/</g, "\\u003c").replace(/>/g, "\\u003e")} -->`
);
function renderComment(view) {
  const stack = stackName(view.pr);
  const compose = (v) => [marker(v.pr), HEADLINES[v.state.status](stack, v), "", ...BODIES[v.state.status](v), "", stateBlock(v.state)].join("\n");
  const logTail = (view.failure?.logTail ?? []).map((line) => line.length > LOG_LINE_LIMIT ? `${line.slice(0, LOG_LINE_LIMIT)}\u2026` : line);
  let tail = logTail;
  let body = compose(view.failure ? { ...view, failure: { ...view.failure, logTail: tail } } : view);
  while (body.length > COMMENT_LIMIT && tail.length > 0) {
    tail = tail.slice(Math.max(1, Math.ceil((body.length - COMMENT_LIMIT) / LOG_LINE_LIMIT)));
    body = compose({ ...view, failure: { ...view.failure, logTail: tail } });
  }
  if (body.length > COMMENT_LIMIT) {
    const end = `
\u2026(cut to fit GitHub's comment limit)
${stateBlock(view.state)}`;
    body = body.slice(0, COMMENT_LIMIT - end.length) + end;
  }
  return body;
}

// src/core/reap.ts
function prOfStack(stack) {
  const match = /^pr-([1-9]\d{0,9})$/.exec(stack);
  return match ? Number(match[1]) : void 0;
}
var latest = (...times) => {
  const parsed = times.map((t) => t ? Date.parse(t) : NaN).filter(Number.isFinite);
  return parsed.length > 0 ? new Date(Math.max(...parsed)) : void 0;
};
function reapDecision(facts, rules) {
  const { pr, pull, state, now } = facts;
  if (!pull) {
    return { action: "keep", reason: `GitHub does not show PR #${pr} to this token; destroy it by hand (prenv destroy --pr ${pr}) if it is not needed` };
  }
  const lastActivity = latest(state?.lastActivityAt, state?.deployedAt, facts.stackUpdatedAt);
  const quietFor = lastActivity ? now.getTime() - lastActivity.getTime() : Infinity;
  if (state && (state.status === "deploying" || state.status === "destroying") && quietFor <= STALE_RUN_MS) {
    return { action: "keep", reason: `its ${state.status === "deploying" ? "deploy" : "destroy"} is running` };
  }
  if (pull.state === "closed") {
    if (facts.hasStack || state && state.status !== "destroyed" || (state?.leftovers?.length ?? 0) > 0) {
      return { action: "destroy", reason: `PR #${pr} is closed` };
    }
    return { action: "keep", reason: `PR #${pr} is closed and its environment is gone` };
  }
  if (state && (state.status === "deploying" || state.status === "destroying")) {
    const stopped = `stopped reporting ${formatDuration(quietFor)} ago (a cancelled or timed-out run)`;
    return state.status === "destroying" ? { action: "destroy", reason: `its destroy ${stopped}: finishing it` } : { action: "settle", status: "failed", reason: `its deploy ${stopped}` };
  }
  if (!facts.hasStack && state?.status === "deployed") {
    return { action: "settle", status: "destroyed", reason: "its comment shows an environment the backend does not have" };
  }
  const stackQuietMs = facts.stackUpdatedAt ? now.getTime() - Date.parse(facts.stackUpdatedAt) : 0;
  if (facts.hasStack && state?.status === "destroyed" && stackQuietMs > STALE_RUN_MS) {
    return { action: "settle", status: "deployed", reason: "its comment says destroyed, and the backend has its stack (a deploy that did not report)" };
  }
  if (!facts.hasStack) return { action: "keep", reason: "no stack" };
  if (pull.labels.includes(rules.keepLabel)) return { action: "keep", reason: `labelled ${rules.keepLabel}` };
  if (!lastActivity) return { action: "keep", reason: "no deploy or command recorded: idle time unknown" };
  const expiry = expiresAt({ lastActivityAt: lastActivity.toISOString(), extendedMs: state?.extendedMs ?? 0 }, rules.ttlMs);
  const idleMs = now.getTime() - lastActivity.getTime();
  if (now >= expiry) {
    const allowed = rules.ttlMs + (state?.extendedMs ?? 0);
    return { action: "destroy", reason: `PR #${pr} was idle for ${formatDuration(idleMs)}, past its time to live of ${formatDuration(allowed)}` };
  }
  const warnFrom = expiry.getTime() - rules.warnBeforeMs;
  if (now.getTime() >= warnFrom) {
    const warned = state?.warnedAt ? Date.parse(state.warnedAt) >= warnFrom : false;
    if (!warned && state) return { action: "warn", expiresAt: expiry, reason: `expires in ${formatDuration(expiry.getTime() - now.getTime())}` };
  }
  return { action: "keep", reason: `expires in ${formatDuration(expiry.getTime() - now.getTime())}` };
}
function orphansByStack(resources, liveStacks, skip = /* @__PURE__ */ new Set()) {
  const groups = /* @__PURE__ */ new Map();
  for (const resource of resources) {
    const stack = resource.stack ?? `(no ${TAG_KEYS.stack} tag)`;
    if (liveStacks.has(stack) || skip.has(stack)) continue;
    groups.set(stack, [...groups.get(stack) ?? [], resource]);
  }
  return groups;
}
var orphanAction = (namedInComment, deleteOrphans) => namedInComment ? "retry the destroy" : deleteOrphans ? "delete" : "report";

export {
  parseDuration,
  formatDuration,
  marker,
  readState,
  shortSha,
  STALE_RUN_MS,
  renderComment,
  prOfStack,
  reapDecision,
  orphansByStack,
  orphanAction
};

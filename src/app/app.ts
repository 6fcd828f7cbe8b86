// The prenv GitHub App: the same decisions, commands and policy as the Action, answered in the
// webhook. Traffic and read-only commands run right here (👀 within the webhook, the permission
// check, the listener found by its tags); deploys, destroys and approvals are handed to the
// repository's preview workflow. A user's mistake is answered on the PR, never with a 500.
import { type ApplicationFunction, Probot, ProbotOctokit } from "probot";
import { decide } from "../core/event.ts";
import { type InputName, INPUT_DEFAULTS, parseSettings, type Settings } from "../core/settings.ts";
import { checkDelivery } from "../core/webhook-delivery.ts";
import { OctokitForge } from "../github/forge.ts";
import { resilience } from "../github/resilience.ts";
import { runLifecycle } from "../lifecycle.ts";
import type { Clock, Engine, Log, Traffic } from "../ports.ts";
import { handoffOperations } from "./handoff.ts";

export interface AppConfig {
  /** Approval label, command permissions, TTLs: the same settings the workflow gives the Action. */
  readonly settings: Settings;
  /** The workflow file that runs the prenv Action (`workflow_dispatch`). */
  readonly workflow: string;
  readonly traffic: Traffic;
  readonly clock: Clock;
}

export interface AppSecrets {
  readonly appId: string;
  readonly privateKey: string;
  readonly webhookSecret: string;
}

/** The events the App subscribes to (app.yml). */
export const APP_EVENTS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.ready_for_review",
  "pull_request.closed",
  "pull_request.labeled",
  "issue_comment.created",
] as const;

/** The App never runs Pulumi: everything that would is handed to the workflow first. */
const NO_ENGINE: Engine = {
  simulated: false,
  deploy: () => Promise.reject(new Error("prenv bug: the App hands deploys to the workflow")),
  destroy: () => Promise.reject(new Error("prenv bug: the App hands destroys to the workflow")),
  outputs: () => Promise.resolve(undefined),
  listStacks: () => Promise.reject(new Error("prenv bug: the App does not reap; the scheduled workflow does")),
};

/**
 * The Action's settings from the App's environment: each input `name` as PRENV_NAME (e.g.
 * PRENV_APPROVE_LABEL, PRENV_TTL), so the App and the workflow agree.
 */
export function appSettings(env: Readonly<Record<string, string | undefined>>, repo = "app/settings"): Settings {
  const variable = (name: InputName) => `PRENV_${name.toUpperCase().replaceAll("-", "_")}`;
  return parseSettings(
    (name) => (name === "github-token" ? "installation" : name === "aws-region" ? (env["AWS_REGION"] ?? "us-east-1") : (env[variable(name)] ?? INPUT_DEFAULTS[name])),
    repo,
  );
}

export function prenvApp(config: AppConfig): ApplicationFunction {
  return (app) => {
    app.on([...APP_EVENTS], async (context) => {
      const payload = context.payload as { repository?: { full_name?: string; default_branch?: string } };
      const repo = payload.repository?.full_name;
      const log: Log = {
        info: (message) => context.log.info(message),
        warn: (message) => context.log.warn(message),
        group: (_title, fn) => fn(),
      };
      const intent = decide(context.name, context.payload, {
        deployDrafts: config.settings.deployDrafts,
        approveLabel: config.settings.approveLabel,
        maxExtendMs: config.settings.maxTtlMs,
      });
      if (intent.kind === "ignore" || !repo) {
        log.info(`ignored ${context.name}: ${intent.kind === "ignore" ? intent.reason : "no repository in the payload"}`);
        return;
      }
      try {
        const result = await runLifecycle(
          intent,
          { forge: new OctokitForge(context.octokit, repo), engine: NO_ENGINE, traffic: config.traffic, clock: config.clock, log },
          {
            repo,
            settings: config.settings,
            secrets: [],
            operations: handoffOperations(config.workflow, payload.repository?.default_branch ?? "main", intent.kind !== "command"),
          },
        );
        if (result.failure) log.warn(`${intent.kind} on ${repo}#${"pr" in intent ? intent.pr : "?"}: ${result.failure}`);
      } catch (error) {
        // GitHub does not retry webhooks, and a 500 tells nobody anything: log it and answer 200.
        log.warn(`${intent.kind} on ${repo} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };
}

/**
 * Probot's Octokit with prenv's resilience.ts in place of its retry and throttling plugins: their
 * scheduler (writes a second apart, replies three, shared by every installation the process
 * serves) cost a webhook more than the rest of its work.
 */
export const AppOctokit = ProbotOctokit.plugin(resilience).defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options["throttle"] as object | undefined), enabled: false },
}));

export interface ProbotOptions {
  /** GitHub's API: https://api.github.com, a GitHub Enterprise Server's /api/v3, or a stand-in. */
  readonly baseUrl?: string;
  readonly logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  /** Tests switch Octokit's retries and throttling off to see faults as they are. */
  readonly Octokit?: typeof ProbotOctokit;
}

export async function createProbot(secrets: AppSecrets, config: AppConfig, options: ProbotOptions = {}): Promise<Probot> {
  const probot = new Probot({
    appId: secrets.appId,
    privateKey: secrets.privateKey,
    secret: secrets.webhookSecret,
    logLevel: options.logLevel ?? "info",
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    Octokit: options.Octokit ?? AppOctokit,
  });
  await probot.load(prenvApp(config));
  return probot;
}

export interface Delivery {
  readonly method: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

export interface Answer {
  readonly status: number;
  readonly body: string;
}

const answer = (status: number, message: string): Answer => ({ status, body: JSON.stringify(status < 300 ? { ok: true, message } : { error: message }) });

/**
 * One webhook delivery, checked (method, size, content type, headers) before anything is called,
 * then verified and received by Probot's `webhooks.verifyAndReceive`. Shared by the local server
 * and the Lambda handler.
 */
export async function receiveDelivery(probot: Probot, delivery: Delivery): Promise<Answer> {
  const check = checkDelivery({ method: delivery.method, headers: delivery.headers, bodyBytes: delivery.body.length });
  if (!check.ok) return answer(check.status, check.message);
  const text = delivery.body.toString("utf8");
  // verifyAndReceive assumes an object; anything else is refused here rather than failing in there.
  if (!/^\s*\{/.test(text)) return answer(400, "the body is not a JSON object");
  try {
    await probot.webhooks.verifyAndReceive({ id: check.id, name: check.name, signature: check.signature, payload: text });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes("signature does not match")) return answer(401, "the signature does not match: check the App's webhook secret");
    if (message.includes("Invalid JSON")) return answer(400, "the body is not JSON");
    throw error;
  }
  return answer(200, APP_EVENTS.some((event) => event.startsWith(`${check.name}.`)) ? "received" : `ignored: prenv does not act on ${check.name} events`);
}

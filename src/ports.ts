// The interfaces the lifecycle needs from the outside world. Adapters implement them over
// Octokit, Pulumi's Automation API, ELBv2, or the offline sandbox; core and lifecycle never
// reach past them.
import type { Color } from "./core/naming.ts";
import type { StackOutputs } from "./core/outputs.ts";
import type { Fact, ServiceState } from "./core/checks.ts";
import type { TargetHealthCounts, Weights } from "./core/traffic.ts";
import type { PlannedResource } from "./core/planned-resource.ts";
import type { Permission, PullRequestFacts } from "./core/policy.ts";
import type { FoundResource } from "./core/reap.ts";

export { type Weights };

/** GitHub does not show this PR to the token (PRs cannot be deleted, so it is a matter of access). */
export class PullRequestNotFound extends Error {
  readonly pr: number;
  constructor(pr: number) {
    super(`GitHub does not show PR #${pr} to this token`);
    this.name = "PullRequestNotFound";
    this.pr = pr;
  }
}

export interface PullRequestInfo extends PullRequestFacts {
  readonly merged: boolean;
  readonly author: string;
  readonly labels: readonly string[];
}

/** What a list of PRs says of each: enough for the reaper's decisions. */
export interface PullRequestSummary {
  readonly number: number;
  readonly state: "open" | "closed";
  readonly labels: readonly string[];
}

export interface IssueComment {
  readonly id: number;
  readonly body: string;
}

/** prenv's comment as found, with any copies by the same author on the pages read (a race left them). */
export interface FoundComment extends IssueComment {
  readonly copies: readonly number[];
}

export type DeploymentState = "in_progress" | "success" | "failure" | "error" | "inactive";

/** GitHub's reaction names prenv uses: 👀 received, 🚀 done, 😕 failed, 👎 refused. */
export type Reaction = "eyes" | "rocket" | "confused" | "-1";

export interface Forge {
  /** Throws {@link PullRequestNotFound} when GitHub does not show the PR to this token. */
  pullRequest(pr: number): Promise<PullRequestInfo>;
  /** The PRs, open or closed, updated since `since` (a comment or a close counts), newest first. */
  updatedSince(since: Date): Promise<PullRequestSummary[]>;
  /** The first comment on the PR whose body contains `marker`, stopping at the page that has it. */
  findComment(pr: number, marker: string): Promise<FoundComment | undefined>;
  createComment(pr: number, body: string): Promise<IssueComment>;
  /** False if the comment no longer exists (someone deleted it). */
  updateComment(id: number, body: string): Promise<boolean>;
  /** Deletes a comment; one already gone is fine. */
  deleteComment(id: number): Promise<void>;
  createDeployment(request: { sha: string; environment: string; description: string }): Promise<number>;
  setDeploymentStatus(
    id: number,
    status: { state: DeploymentState; logUrl?: string; environmentUrl?: string; description?: string },
  ): Promise<void>;
  /** Deployment IDs of an environment, newest first (one page). */
  listDeployments(environment: string): Promise<number[]>;
  permission(user: string): Promise<Permission>;
  removeLabel(pr: number, label: string): Promise<void>;
  react(commentId: number, reaction: Reaction): Promise<void>;
  /** Starts a run of one of the repository's workflows (its `workflow_dispatch` trigger) on `ref`. */
  dispatchWorkflow(workflow: string, ref: string, inputs: Readonly<Record<string, string>>): Promise<void>;
  /** A check run on `sha`, in progress; returns its ID and page. */
  startCheckRun(request: { name: string; sha: string; detailsUrl?: string }): Promise<{ id: number; url: string }>;
  finishCheckRun(id: number, result: { conclusion: "success" | "failure"; title: string; summary: string }): Promise<void>;
}

export interface DeployResult {
  readonly outputs: StackOutputs;
  /** What the stack holds now, for the cost estimate. */
  readonly resources: readonly PlannedResource[];
}

/** A stack in the backend. */
export interface StackSummary {
  readonly name: string;
  /** When its last update finished, if the backend says. */
  readonly updatedAt?: string;
}

export interface Engine {
  /** True for the offline sandbox: everything it reports is simulated. */
  readonly simulated: boolean;
  /** `pulumi up` of stack `stack` with this full config (`prenv:*`, `aws:region`). */
  deploy(stack: string, config: Readonly<Record<string, string>>, onOutput: (line: string) => void): Promise<DeployResult>;
  /** Destroys the stack and removes it from the backend; false if it did not exist. */
  destroy(stack: string, onOutput: (line: string) => void): Promise<boolean>;
  /** The outputs of the last deployment, or undefined if the stack does not exist. */
  outputs(stack: string): Promise<StackOutputs | undefined>;
  /** Every stack of the repo's project in the backend. */
  listStacks(): Promise<StackSummary[]>;
}

/** prenv's resources in the cloud, found by their tags: what is left after a destroy, and orphans. */
export interface Inventory {
  /** The repo's resources that exist (one stack's, if `stack` is given). */
  list(repo: string, stack?: string): Promise<FoundResource[]>;
  /** Deletes them, dependencies first, retrying what is still in use; returns what could not be deleted, and why. */
  remove(resources: readonly FoundResource[]): Promise<{ resource: FoundResource; error: string }[]>;
}

/** Whose listeners to look at: by the stack's outputs when the caller has them, else by prenv's tags. */
export interface TrafficTarget {
  readonly repo: string;
  readonly pr: number;
  readonly outputs?: StackOutputs;
}

export interface LiveListener {
  readonly arn: string;
  readonly weights: Weights;
}

/** A PR's two listeners as they are live, and the target group of each colour. */
export interface LiveTraffic {
  readonly production: LiveListener;
  readonly test: LiveListener;
  readonly targetGroups: Readonly<Record<Color, string>>;
  /** The production listener's tags, when the caller asked to check who owns it. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface Traffic {
  /** The PR's listeners, live; undefined when it has no environment. */
  read(target: TrafficTarget, options?: { readonly withTags?: boolean }): Promise<LiveTraffic | undefined>;
  /** How a colour's targets are doing in their target group's health checks. */
  health(targetGroupArn: string): Promise<TargetHealthCounts>;
  /**
   * Sets a listener's forward action to both colours with these weights, and returns the weights
   * the service reports back for it (undefined if it does not report them).
   */
  forward(listenerArn: string, targetGroups: Readonly<Record<Color, string>>, weights: Weights): Promise<Weights | undefined>;
  /** The image each colour's service runs, if it can be found. */
  images(target: TrafficTarget): Promise<Readonly<Record<Color, string>> | undefined>;
}

/** Reads what the integration checks judge: the running services and the parts of the stack. */
export interface Inspector {
  services(cluster: string, services: Readonly<Record<Color, string>>): Promise<Record<Color, ServiceState | undefined>>;
  wafAcl(loadBalancerArn: string): Promise<Fact<string | null>>;
  alarms(names: readonly string[]): Promise<Fact<readonly string[]>>;
  dashboard(name: string): Promise<Fact<boolean>>;
  database(clusterIdentifier: string): Promise<Fact<{ status: string; encrypted: boolean } | null>>;
  logRetentionDays(logGroup: string): Promise<Fact<number | null>>;
  scanOnPush(repository: string): Promise<Fact<boolean | null>>;
  containerInsights(cluster: string): Promise<Fact<boolean | null>>;
}

/** HTTP as a user meets it: one GET, with a timeout. */
export interface Prober {
  get(url: string, timeoutMs: number): Promise<{ status: number; latencyMs: number }>;
}

/**
 * Runs the user's test command. Its output comes back with `secrets` and the values of its own
 * environment's secret-named variables masked, and its end kept.
 */
export interface Runner {
  run(command: string, options: { env: Readonly<Record<string, string>>; timeoutMs: number; cwd: string; secrets?: readonly string[] }): Promise<{
    exitCode: number | null;
    output: string;
    timedOut: boolean;
    durationMs: number;
  }>;
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  /** Collapsible in the Actions log; `fn`'s lines go inside. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

/** Where a deploy's outputs go for the test command and later steps (cfn-outputs/flat-outputs.json). */
export interface OutputsSink {
  /** Writes them; returns the file's path. */
  write(outputs: StackOutputs): Promise<string>;
}

/** What the integration checks after a deploy need; absent where nothing deploys (the App). */
export interface CheckPorts {
  readonly inspector: Inspector;
  readonly prober: Prober;
  readonly runner: Runner;
}

export interface Ports {
  readonly forge: Forge;
  readonly engine: Engine;
  readonly traffic: Traffic;
  readonly checks?: CheckPorts;
  /** Where destroys check for leftovers and the reaper sweeps for orphans; absent where nothing is destroyed (the App). */
  readonly inventory?: Inventory;
  /** Where a successful deploy writes its outputs; absent where nothing deploys (the App). */
  readonly outputs?: OutputsSink;
  readonly clock: Clock;
  readonly log: Log;
}

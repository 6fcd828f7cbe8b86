// A stand-in for the parts of GitHub's REST API prenv uses, served on 127.0.0.1. `prenv simulate`
// runs the real Octokit adapter against it, and the end-to-end tests point the bundled Action at
// it. It keeps pull requests, comments, deployments, reactions and dispatches in memory, records
// every request, and reports each change so a simulation can print it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandinPullRequest {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  draft: boolean;
  headSha: string;
  /** `owner/name` of the head repository: differs from the base repository for a fork. */
  headRepo: string;
  author: string;
  labels: string[];
  /** ISO time of the last change (GitHub's updated_at); closing a PR updates it. */
  updatedAt: string;
}

export interface StandinComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
}

export interface StandinDeployment {
  id: number;
  sha: string;
  environment: string;
  description: string;
  transient_environment: boolean;
  production_environment: boolean;
  statuses: { state: string; log_url?: string; environment_url?: string; description?: string }[];
}

export interface StandinCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion?: string;
  output?: { title: string; summary: string };
}

export interface RecordedRequest {
  /** When it arrived (ms since the epoch). */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export type StandinChange =
  | { readonly kind: "comment"; readonly action: "created" | "updated"; readonly comment: StandinComment }
  | { readonly kind: "deployment"; readonly deployment: StandinDeployment }
  | { readonly kind: "deployment_status"; readonly deployment: StandinDeployment; readonly state: string }
  | { readonly kind: "reaction"; readonly commentId: number; readonly content: string }
  | { readonly kind: "dispatch"; readonly workflow: string; readonly inputs: unknown }
  | { readonly kind: "label_removed"; readonly pr: number; readonly label: string }
  | { readonly kind: "check_run"; readonly checkRun: StandinCheckRun };

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (params: string[], body: Record<string, unknown>, query: Record<string, string>) => Reply;

/** A fault to inject into the next request that matches: a status code and how many times. */
export interface Fault {
  readonly method?: string;
  readonly path: RegExp;
  readonly status: number;
  times: number;
  readonly headers?: Record<string, string>;
}

const notFound: Reply = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };

export class GitHubStandin {
  readonly repo: string;
  readonly botLogin: string;
  readonly pulls = new Map<number, StandinPullRequest>();
  readonly comments: StandinComment[] = [];
  readonly deployments: StandinDeployment[] = [];
  readonly reactions: { commentId: number; content: string }[] = [];
  readonly dispatches: { workflow: string; ref: string; inputs: unknown }[] = [];
  readonly checkRuns: StandinCheckRun[] = [];
  readonly permissions = new Map<string, string>();
  readonly workflows = new Set<string>(["preview.yml"]);
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  onChange: (change: StandinChange) => void = () => {};

  private server: Server | undefined;
  /** Where it listens, for the links it hands out (pagination). */
  private baseUrl = "http://127.0.0.1";
  private nextId = 1000;
  private readonly routes: [string, RegExp, Handler][];

  constructor(repo: string, options: { botLogin?: string } = {}) {
    this.repo = repo;
    this.botLogin = options.botLogin ?? "github-actions[bot]";
    const r = repo.replace("/", "\\/");
    this.routes = [
      ["GET", new RegExp(`^/repos/${r}/pulls$`), (_p, _b, q) => this.listPulls(q)],
      ["GET", new RegExp(`^/repos/${r}/pulls/(\\d+)$`), ([n]) => this.getPull(Number(n))],
      ["GET", new RegExp(`^/repos/${r}/issues/(\\d+)/comments$`), ([n], _b, q) => this.listComments(Number(n), q)],
      ["POST", new RegExp(`^/repos/${r}/issues/(\\d+)/comments$`), ([n], b) => this.createComment(Number(n), b)],
      ["PATCH", new RegExp(`^/repos/${r}/issues/comments/(\\d+)$`), ([id], b) => this.updateComment(Number(id), b)],
      ["DELETE", new RegExp(`^/repos/${r}/issues/comments/(\\d+)$`), ([id]) => this.deleteComment(Number(id))],
      ["POST", new RegExp(`^/repos/${r}/issues/comments/(\\d+)/reactions$`), ([id], b) => this.react(Number(id), b)],
      ["DELETE", new RegExp(`^/repos/${r}/issues/(\\d+)/labels/([^/]+)$`), ([n, label]) => this.removeLabel(Number(n), decodeURIComponent(label!))],
      ["POST", new RegExp(`^/repos/${r}/deployments$`), (_p, b) => this.createDeployment(b)],
      ["GET", new RegExp(`^/repos/${r}/deployments$`), (_p, _b, q) => this.listDeployments(q)],
      ["POST", new RegExp(`^/repos/${r}/deployments/(\\d+)/statuses$`), ([id], b) => this.createStatus(Number(id), b)],
      ["GET", new RegExp(`^/repos/${r}/collaborators/([^/]+)/permission$`), ([user]) => this.permission(decodeURIComponent(user!))],
      ["POST", new RegExp(`^/repos/${r}/actions/workflows/([^/]+)/dispatches$`), ([workflow], b) => this.dispatch(decodeURIComponent(workflow!), b)],
      ["POST", new RegExp(`^/repos/${r}/check-runs$`), (_p, b) => this.createCheckRun(b)],
      ["PATCH", new RegExp(`^/repos/${r}/check-runs/(\\d+)$`), ([id], b) => this.updateCheckRun(Number(id), b)],
      // A GitHub App trades its JWT for an installation token before its first repository call.
      ["POST", /^\/app\/installations\/(\d+)\/access_tokens$/, ([id]) => this.installationToken(Number(id))],
    ];
  }

  /** Adds (or replaces) an open pull request; returns it for further tweaks. */
  addPullRequest(pr: Partial<StandinPullRequest> & { number: number }): StandinPullRequest {
    const full: StandinPullRequest = {
      state: "open",
      merged: false,
      draft: false,
      headSha: "0".repeat(40),
      headRepo: this.repo,
      author: "octocat",
      labels: [],
      updatedAt: new Date().toISOString(),
      ...pr,
    };
    this.pulls.set(pr.number, full);
    return full;
  }

  /** Comments on a PR as a person (or as another bot, with type "Bot"), e.g. to fill a PR with 500 comments. */
  addComment(issue: number, body: string, user = "octocat", type: "User" | "Bot" = "User"): StandinComment {
    const comment = this.newComment(issue, body, { login: user, type });
    this.comments.push(comment);
    return comment;
  }

  commentsOn(issue: number): StandinComment[] {
    return this.comments.filter((comment) => comment.issue === issue);
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: Record<string, unknown>;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return this.send(response, { status: 400, body: { message: "Problems parsing JSON" } });
    }
    // Octokit prefixes GHES API paths with /api/v3; the stand-in answers either way.
    const path = url.pathname.replace(/^\/api\/v3/, "");
    const query = Object.fromEntries(url.searchParams);
    const method = request.method ?? "GET";
    this.requests.push({ at: Date.now(), method, path, query, body: text ? body : undefined });

    const fault = this.faults.find((f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(path));
    if (fault) {
      fault.times -= 1;
      return this.send(response, { status: fault.status, body: { message: `injected fault ${fault.status}` }, ...(fault.headers ? { headers: fault.headers } : {}) });
    }
    if (request.headers.authorization === undefined) return this.send(response, { status: 401, body: { message: "Requires authentication" } });
    for (const [routeMethod, pattern, handler] of this.routes) {
      const match = routeMethod === method ? pattern.exec(path) : null;
      if (match) return this.send(response, handler(match.slice(1), body, query));
    }
    return this.send(response, notFound);
  }

  private send(response: ServerResponse, reply: Reply): void {
    const payload = reply.body === undefined ? "" : JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      "content-type": "application/json; charset=utf-8",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      ...reply.headers,
    });
    response.end(payload);
  }

  private pullBody(pr: StandinPullRequest) {
    const [owner] = this.repo.split("/");
    return {
      number: pr.number,
      state: pr.state,
      merged: pr.merged,
      draft: pr.draft,
      updated_at: pr.updatedAt,
      closed_at: pr.state === "closed" ? pr.updatedAt : null,
      user: { login: pr.author, type: "User" },
      labels: pr.labels.map((name) => ({ name })),
      head: { sha: pr.headSha, ref: "feature", repo: { full_name: pr.headRepo, fork: pr.headRepo !== this.repo } },
      base: { ref: "main", repo: { full_name: this.repo, owner: { login: owner } } },
    };
  }

  private getPull(number: number): Reply {
    const pr = this.pulls.get(number);
    return pr ? { status: 200, body: this.pullBody(pr) } : notFound;
  }

  /** GET /pulls with state, sort=updated, direction=desc and pagination, as the reaper asks. */
  private listPulls(query: Record<string, string>): Reply {
    const state = query["state"] ?? "open";
    const all = [...this.pulls.values()]
      .filter((pr) => state === "all" || pr.state === state)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return this.paged(`/repos/${this.repo}/pulls`, all.map((pr) => this.pullBody(pr)), query);
  }

  private listComments(issue: number, query: Record<string, string>): Reply {
    return this.paged(`/repos/${this.repo}/issues/${issue}/comments`, this.commentsOn(issue), query);
  }

  /** One page of `all`, with GitHub's Link header (next, last, first, prev): the request's query with another page. */
  private paged(path: string, all: readonly unknown[], query: Record<string, string>): Reply {
    const perPage = Math.min(100, Number(query["per_page"] ?? 30) || 30);
    const page = Math.max(1, Number(query["page"] ?? 1) || 1);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const params = (p: number) => new URLSearchParams({ ...query, per_page: String(perPage), page: String(p) }).toString();
    const link = (p: number, rel: string) => `<${this.baseUrl}${path}?${params(p)}>; rel="${rel}"`;
    const links = [...(page < last ? [link(page + 1, "next"), link(last, "last")] : []), ...(page > 1 ? [link(1, "first"), link(page - 1, "prev")] : [])];
    return {
      status: 200,
      body: all.slice((page - 1) * perPage, page * perPage),
      ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}),
    };
  }

  private newComment(issue: number, body: string, user: { login: string; type: string }): StandinComment {
    const now = new Date().toISOString();
    return { id: this.nextId++, issue, body, user, created_at: now, updated_at: now };
  }

  private createComment(issue: number, body: Record<string, unknown>): Reply {
    if (!this.pulls.has(issue)) return notFound;
    if (typeof body["body"] !== "string") return { status: 422, body: { message: "body is required" } };
    if (body["body"].length > 65_536) return { status: 422, body: { message: "Body is too long (maximum is 65536 characters)" } };
    const comment = this.newComment(issue, body["body"], { login: this.botLogin, type: "Bot" });
    this.comments.push(comment);
    this.onChange({ kind: "comment", action: "created", comment });
    return { status: 201, body: comment };
  }

  private deleteComment(id: number): Reply {
    const index = this.comments.findIndex((c) => c.id === id);
    if (index < 0) return notFound;
    this.comments.splice(index, 1);
    return { status: 204 };
  }

  private updateComment(id: number, body: Record<string, unknown>): Reply {
    const comment = this.comments.find((c) => c.id === id);
    if (!comment) return notFound;
    if (typeof body["body"] !== "string") return { status: 422, body: { message: "body is required" } };
    if (body["body"].length > 65_536) return { status: 422, body: { message: "Body is too long (maximum is 65536 characters)" } };
    comment.body = body["body"];
    comment.updated_at = new Date().toISOString();
    this.onChange({ kind: "comment", action: "updated", comment });
    return { status: 200, body: comment };
  }

  private react(commentId: number, body: Record<string, unknown>): Reply {
    if (!this.comments.some((c) => c.id === commentId)) return notFound;
    const content = String(body["content"]);
    this.reactions.push({ commentId, content });
    this.onChange({ kind: "reaction", commentId, content });
    return { status: 201, body: { id: this.nextId++, content } };
  }

  private removeLabel(pr: number, label: string): Reply {
    const found = this.pulls.get(pr);
    if (!found?.labels.includes(label)) return notFound;
    found.labels = found.labels.filter((l) => l !== label);
    this.onChange({ kind: "label_removed", pr, label });
    return { status: 200, body: found.labels.map((name) => ({ name })) };
  }

  private createDeployment(body: Record<string, unknown>): Reply {
    if (typeof body["ref"] !== "string" || typeof body["environment"] !== "string") return { status: 422, body: { message: "ref and environment are required" } };
    const deployment: StandinDeployment = {
      id: this.nextId++,
      sha: body["ref"],
      environment: body["environment"],
      description: typeof body["description"] === "string" ? body["description"] : "",
      transient_environment: body["transient_environment"] === true,
      production_environment: body["production_environment"] === true,
      statuses: [],
    };
    this.deployments.push(deployment);
    this.onChange({ kind: "deployment", deployment });
    return { status: 201, body: deployment };
  }

  private listDeployments(query: Record<string, string>): Reply {
    const matching = this.deployments.filter((d) => !query["environment"] || d.environment === query["environment"]);
    return { status: 200, body: [...matching].reverse().slice(0, Math.min(100, Number(query["per_page"] ?? 30) || 30)) };
  }

  private createStatus(id: number, body: Record<string, unknown>): Reply {
    const deployment = this.deployments.find((d) => d.id === id);
    if (!deployment) return notFound;
    const state = String(body["state"]);
    deployment.statuses.push({
      state,
      ...(typeof body["log_url"] === "string" ? { log_url: body["log_url"] } : {}),
      ...(typeof body["environment_url"] === "string" ? { environment_url: body["environment_url"] } : {}),
      ...(typeof body["description"] === "string" ? { description: body["description"] } : {}),
    });
    this.onChange({ kind: "deployment_status", deployment, state });
    return { status: 201, body: { id: this.nextId++, state } };
  }

  private permission(user: string): Reply {
    const role = this.permissions.get(user) ?? "read";
    const legacy = role === "maintain" ? "write" : role === "triage" ? "read" : role;
    return { status: 200, body: { permission: legacy, role_name: role, user: { login: user } } };
  }

  private createCheckRun(body: Record<string, unknown>): Reply {
    if (typeof body["name"] !== "string" || typeof body["head_sha"] !== "string") return { status: 422, body: { message: "name and head_sha are required" } };
    const checkRun: StandinCheckRun = { id: this.nextId++, name: body["name"], head_sha: body["head_sha"], status: typeof body["status"] === "string" ? body["status"] : "queued" };
    this.checkRuns.push(checkRun);
    this.onChange({ kind: "check_run", checkRun });
    return { status: 201, body: { ...checkRun, html_url: `https://github.com/${this.repo}/runs/${checkRun.id}` } };
  }

  private updateCheckRun(id: number, body: Record<string, unknown>): Reply {
    const checkRun = this.checkRuns.find((c) => c.id === id);
    if (!checkRun) return notFound;
    const summary = (body["output"] as { summary?: unknown } | undefined)?.summary;
    if (typeof summary === "string" && summary.length > 65_535) return { status: 422, body: { message: "output.summary is too long" } };
    Object.assign(checkRun, {
      ...(typeof body["status"] === "string" ? { status: body["status"] } : {}),
      ...(typeof body["conclusion"] === "string" ? { conclusion: body["conclusion"] } : {}),
      ...(body["output"] ? { output: body["output"] } : {}),
    });
    this.onChange({ kind: "check_run", checkRun });
    return { status: 200, body: checkRun };
  }

  private installationToken(id: number): Reply {
    return {
      status: 201,
      body: { token: `ghs_standinInstallation${id}`, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: "all" },
    };
  }

  private dispatch(workflow: string, body: Record<string, unknown>): Reply {
    if (!this.workflows.has(workflow)) return notFound;
    if (typeof body["ref"] !== "string") return { status: 422, body: { message: "ref is required" } };
    this.dispatches.push({ workflow, ref: body["ref"], inputs: body["inputs"] });
    this.onChange({ kind: "dispatch", workflow, inputs: body["inputs"] });
    return { status: 204 };
  }
}

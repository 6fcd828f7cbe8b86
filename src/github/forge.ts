// Forge over Octokit: the GitHub side of a PR's environment (comment, deployments, permissions).
import { type Permission, PERMISSIONS, trustedCommentAuthor } from "../core/policy.ts";
import { type DeploymentState, type Forge, type FoundComment, type IssueComment, type PullRequestInfo, PullRequestNotFound, type PullRequestSummary, type Reaction } from "../ports.ts";
import type { Octokit } from "@octokit/rest";

const status = (error: unknown) => (error as { status?: number }).status;

/** What the adapter uses of an Octokit: prenv's own (the Action), or Probot's installation client (the App). */
export type ForgeOctokit = Pick<Octokit, "rest" | "paginate">;

export class OctokitForge implements Forge {
  private readonly octokit: ForgeOctokit;
  private readonly owner: string;
  private readonly repo: string;

  constructor(octokit: ForgeOctokit, repository: string) {
    const [owner, repo] = repository.split("/");
    if (!owner || !repo) throw new Error(`prenv bug: repository "${repository}" is not owner/name`);
    this.octokit = octokit;
    this.owner = owner;
    this.repo = repo;
  }

  private get where() {
    return { owner: this.owner, repo: this.repo };
  }

  async pullRequest(pr: number): Promise<PullRequestInfo> {
    let data;
    try {
      ({ data } = await this.octokit.rest.pulls.get({ ...this.where, pull_number: pr }));
    } catch (error) {
      if (status(error) === 404) throw new PullRequestNotFound(pr);
      throw error;
    }
    const headRepo = data.head.repo?.full_name ?? "(deleted fork)";
    return {
      number: data.number,
      state: data.state === "closed" ? "closed" : "open",
      merged: data.merged,
      draft: data.draft ?? false,
      headSha: data.head.sha,
      headRepo,
      fork: headRepo.toLowerCase() !== data.base.repo.full_name.toLowerCase(),
      author: data.user.login,
      labels: data.labels.map((label) => label.name),
    };
  }

  async updatedSince(since: Date): Promise<PullRequestSummary[]> {
    const cutoff = since.getTime();
    // Sorted by last update, newest first: the walk stops at the first page that reaches the cutoff.
    return this.octokit.paginate(
      this.octokit.rest.pulls.list,
      { ...this.where, state: "all", sort: "updated", direction: "desc", per_page: 100 },
      (response, done) => {
        const recent = response.data.filter((pull) => Date.parse(pull.updated_at) >= cutoff);
        if (recent.length < response.data.length) done();
        return recent.map((pull) => ({ number: pull.number, state: pull.state === "closed" ? "closed" : "open", labels: pull.labels.map((label) => label.name) }));
      },
    );
  }

  async findComment(pr: number, marker: string): Promise<FoundComment | undefined> {
    // The marker opens prenv's own comment; a comment quoting it starts with "> ". Only a trusted
    // author's counts (see trustedCommentAuthor); a person's permission is asked once.
    const permissions = new Map<string, Promise<Permission>>();
    const permission = (login: string) => permissions.get(login) ?? permissions.set(login, this.permission(login)).get(login)!;
    const page = async (number: number) => {
      const response = await this.octokit.rest.issues.listComments({ ...this.where, issue_number: pr, per_page: 100, page: number });
      const marked = response.data.filter((comment) => comment.body?.startsWith(marker));
      const trusted = await Promise.all(marked.map((comment) => trustedCommentAuthor(comment.user, permission)));
      const [found, ...rest] = marked.filter((_, i) => trusted[i]);
      const copies = rest.filter((c) => c.user?.login === found?.user?.login).map((c) => c.id);
      return { found: found ? { id: found.id, body: found.body ?? "", copies } : undefined, link: response.headers.link };
    };
    // prenv's comment stays where it was first posted: on page 1 for a PR prenv saw open, near the
    // end for one it met late. So page 1, then from the last page back.
    const first = await page(1);
    if (first.found) return first.found;
    const last = Number(/[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(first.link ?? "")?.[1] ?? 1);
    for (let number = last; number >= 2; number--) {
      const { found } = await page(number);
      if (found) return found;
    }
    return undefined;
  }

  async createComment(pr: number, body: string): Promise<IssueComment> {
    const { data } = await this.octokit.rest.issues.createComment({ ...this.where, issue_number: pr, body });
    return { id: data.id, body: data.body ?? body };
  }

  async updateComment(id: number, body: string): Promise<boolean> {
    try {
      await this.octokit.rest.issues.updateComment({ ...this.where, comment_id: id, body });
      return true;
    } catch (error) {
      if (status(error) === 404) return false;
      throw error;
    }
  }

  async deleteComment(id: number): Promise<void> {
    try {
      await this.octokit.rest.issues.deleteComment({ ...this.where, comment_id: id });
    } catch (error) {
      if (status(error) !== 404) throw error;
    }
  }

  async createDeployment(request: { sha: string; environment: string; description: string }): Promise<number> {
    const { data } = await this.octokit.rest.repos.createDeployment({
      ...this.where,
      ref: request.sha,
      environment: request.environment,
      description: request.description,
      transient_environment: true,
      production_environment: false,
      auto_merge: false,
      // Checks run against the environment after it exists, not before.
      required_contexts: [],
    });
    if (!("id" in data)) throw new Error(`GitHub did not create the deployment: ${data.message ?? "no reason given"}`);
    return data.id;
  }

  async setDeploymentStatus(
    id: number,
    update: { state: DeploymentState; logUrl?: string; environmentUrl?: string; description?: string },
  ): Promise<void> {
    await this.octokit.rest.repos.createDeploymentStatus({
      ...this.where,
      deployment_id: id,
      state: update.state,
      ...(update.logUrl ? { log_url: update.logUrl } : {}),
      ...(update.environmentUrl ? { environment_url: update.environmentUrl } : {}),
      ...(update.description ? { description: update.description.slice(0, 140) } : {}),
    });
  }

  async listDeployments(environment: string): Promise<number[]> {
    const { data } = await this.octokit.rest.repos.listDeployments({ ...this.where, environment, per_page: 100 });
    return data.map((deployment) => deployment.id);
  }

  async permission(user: string): Promise<Permission> {
    try {
      const { data } = await this.octokit.rest.repos.getCollaboratorPermissionLevel({ ...this.where, username: user });
      // role_name has the fine-grained levels (maintain, triage); `permission` folds them into write/read.
      const role = (data as { role_name?: string }).role_name ?? data.permission;
      return (PERMISSIONS as readonly string[]).includes(role) ? (role as Permission) : "none";
    } catch (error) {
      if (status(error) === 404) return "none";
      throw error;
    }
  }

  async removeLabel(pr: number, label: string): Promise<void> {
    try {
      await this.octokit.rest.issues.removeLabel({ ...this.where, issue_number: pr, name: label });
    } catch (error) {
      if (status(error) !== 404) throw error;
    }
  }

  async react(commentId: number, reaction: Reaction): Promise<void> {
    await this.octokit.rest.reactions.createForIssueComment({ ...this.where, comment_id: commentId, content: reaction });
  }

  async dispatchWorkflow(workflow: string, ref: string, inputs: Readonly<Record<string, string>>): Promise<void> {
    await this.octokit.rest.actions.createWorkflowDispatch({ ...this.where, workflow_id: workflow, ref, inputs: { ...inputs } });
  }

  async startCheckRun(request: { name: string; sha: string; detailsUrl?: string }): Promise<{ id: number; url: string }> {
    const { data } = await this.octokit.rest.checks.create({
      ...this.where,
      name: request.name,
      head_sha: request.sha,
      status: "in_progress",
      ...(request.detailsUrl ? { details_url: request.detailsUrl } : {}),
    });
    return { id: data.id, url: data.html_url ?? "" };
  }

  async finishCheckRun(id: number, result: { conclusion: "success" | "failure"; title: string; summary: string }): Promise<void> {
    await this.octokit.rest.checks.update({
      ...this.where,
      check_run_id: id,
      status: "completed",
      conclusion: result.conclusion,
      output: { title: result.title, summary: result.summary },
    });
  }
}

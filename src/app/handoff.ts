// The App's operations: it does not run Pulumi (a webhook has seconds, not minutes); it hands
// deploys, destroys and approvals to the repository's preview workflow with workflow_dispatch.
// A workflow that is missing, or refuses the dispatch, is reported with how to fix it.
import { shortSha } from "../core/comment.ts";
import { stackName } from "../core/naming.ts";
import { LivingComment, type Operations, type Run, type RunResult } from "../run.ts";

type Operation = "deploy" | "redeploy" | "destroy" | "approve";

/** What a failed dispatch means for the user, by HTTP status. */
function dispatchProblem(error: unknown, workflow: string, ref: string): string {
  const status = (error as { status?: number }).status;
  const file = `.github/workflows/${workflow}`;
  switch (status) {
    case 404:
      return `the workflow ${file} was not found on ${ref}; add it (prenv's README has one to copy) or set PRENV_WORKFLOW to the workflow that runs the prenv Action`;
    case 422:
      return `${file} on ${ref} does not accept this workflow_dispatch; give it an on.workflow_dispatch trigger with the inputs pr, operation, sha and requested-by`;
    case 403:
      return "the prenv App may not start workflows here; accept its Actions (write) permission in the installation's settings";
    default:
      return `GitHub refused to start ${file}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * @param reportInComment a command's failure goes into its reply; a PR event's, with nobody to
 *   reply to, into the living comment.
 */
export function handoffOperations(workflow: string, ref: string, reportInComment: boolean): Operations {
  async function dispatch(run: Run, pr: number, operation: Operation, inputs: { sha?: string; actor?: string }): Promise<RunResult> {
    const stack = stackName(pr);
    const result = operation === "destroy" ? "destroy" : operation === "approve" ? "command" : "deploy";
    try {
      await run.step(
        `hand ${operation} to ${workflow}`,
        () => run.ports.forge.dispatchWorkflow(workflow, ref, { pr: String(pr), operation, sha: inputs.sha ?? "", "requested-by": inputs.actor ?? "" }),
        () => `workflow_dispatch of ${workflow} on ${ref}${inputs.sha ? ` for ${shortSha(inputs.sha)}` : ""}`,
      );
      return { operation: result, stack, steps: run.steps };
    } catch (error) {
      const message = dispatchProblem(error, workflow, ref);
      const failure = run.failure(operation === "destroy" ? "destroy" : "deploy", new Error(message));
      if (reportInComment) {
        const comment = new LivingComment(run.ports, pr, run.settings.comment);
        const state = (await comment.load()) ?? { status: "failed" as const, deploys: 0 };
        await comment.show(run.comment(pr, { ...state, status: "failed" }, { failure })).catch(() => undefined);
      }
      return { operation: result, stack, steps: run.steps, failure: message };
    }
  }

  return {
    deploy: (run, pr, sha) => dispatch(run, pr, sha ? "deploy" : "redeploy", sha ? { sha } : {}),
    destroy: (run, pr) => dispatch(run, pr, "destroy", {}),
    async approveAndDeploy(run, intent) {
      // Pinned now: the workflow must approve the commit the maintainer saw, not a later push.
      const sha = intent.sha ?? (await run.step("check the PR", () => run.ports.forge.pullRequest(intent.pr), (p) => `head ${shortSha(p.headSha)}`)).headSha;
      return dispatch(run, intent.pr, "approve", { sha, actor: intent.actor });
    },
  };
}

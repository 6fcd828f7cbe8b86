// Destroying a stack so that nothing is left: `pulumi destroy`, tried again while AWS still holds
// something (a subnet a load balancer's interfaces are leaving), then the stack's tags searched for
// anything still there, which is deleted. The lifecycle's destroy and `prenv destroy` share it.
import { DESTROY_RETRY_PAUSES_MS, isDependencyError } from "./core/teardown.ts";
import { formatDuration } from "./core/duration.ts";
import type { FoundResource } from "./core/reap.ts";
import type { Clock, Engine, Inventory } from "./ports.ts";

export interface TeardownHooks {
  /** The engine's output, line by line. */
  readonly output: (line: string) => void;
  /** A retry, and why. */
  readonly retrying: (message: string) => void;
}

/** `engine.destroy`, tried again after each pause while the error is an AWS dependency error. */
export async function destroyWithRetries(ports: { engine: Engine; clock: Clock }, stack: string, hooks: TeardownHooks): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ports.engine.destroy(stack, hooks.output);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const pause = DESTROY_RETRY_PAUSES_MS[attempt];
      if (pause === undefined || !isDependencyError(message)) throw error;
      hooks.retrying(`AWS still holds something (${message.split("\n")[0]}); trying again in ${formatDuration(pause)}`);
      await ports.clock.sleep(pause);
    }
  }
}

export interface Leftovers {
  readonly found: readonly FoundResource[];
  /** What could not be deleted, and why. */
  readonly left: readonly { resource: FoundResource; error: string }[];
}

/** What the stack's tags still find after a destroy, deleted. */
export async function removeLeftovers(inventory: Inventory, repo: string, stack: string): Promise<Leftovers> {
  const found = await inventory.list(repo, stack);
  return { found, left: found.length === 0 ? [] : await inventory.remove(found) };
}

export const describeLeftovers = ({ found, left }: Leftovers) =>
  found.length === 0 ? "nothing left" : `${found.length} found, ${found.length - left.length} deleted, ${left.length} left`;

// Runs a Pulumi program offline: Pulumi's own runtime executes the real program, and the mock
// cloud (mock-cloud.ts) answers for AWS. What comes back is every resource the program declared,
// with its inputs, its simulated state and the options that matter to prenv, plus the stack
// outputs. Powers `prenv plan` and the sandbox engine; always labelled "simulated" where shown.
import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../core/planned-resource.ts";
import { mockCloud } from "./mock-cloud.ts";

export interface ResourceRef {
  readonly type: string;
  readonly name: string;
}

export interface SimulatedResource extends PlannedResource {
  /** The component this resource was declared in, if any (the root stack is not a parent here). */
  readonly parent?: ResourceRef;
  /** False for component resources, which group others and create nothing in the cloud. */
  readonly custom: boolean;
  /** Properties Pulumi is told never to diff: what the program hands to someone else. */
  readonly ignoreChanges: readonly string[];
}

export interface SandboxRun {
  readonly resources: readonly SimulatedResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
}

export interface SandboxOptions {
  readonly project: string;
  readonly stack: string;
  /** Full config keys as Pulumi stores them, e.g. `prenv:pr`, `aws:region`. */
  readonly config: Readonly<Record<string, string>>;
  /** Config keys whose values are secrets (as `pulumi config set --secret` marks them). */
  readonly secretKeys?: readonly string[];
  readonly program: () => Promise<Record<string, unknown>>;
}

const ROOT_STACK = "pulumi:pulumi:Stack";

// Pulumi's runtime is one global per process: runs must take turns.
let queue: Promise<unknown> = Promise.resolve();

export function runSandboxed(options: SandboxOptions): Promise<SandboxRun> {
  const run = queue.then(() => runOnce(options));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce({ project, stack, config, secretKeys, program }: SandboxOptions): Promise<SandboxRun> {
  const region = config["aws:region"] ?? "us-east-1";
  const cloud = mockCloud(stack, region);
  const registered: (PlannedResource & { custom: boolean })[] = [];
  const declared = new Map<string, { parent?: ResourceRef; ignoreChanges: readonly string[] }>();
  const refs = new WeakMap<pulumi.Resource, ResourceRef>();
  const key = (ref: ResourceRef) => `${ref.type}::${ref.name}`;

  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const result = cloud.newResource(args);
        registered.push({
          type: args.type,
          name: args.name,
          id: result.id ?? "",
          custom: args.custom ?? true,
          inputs: args.inputs as Record<string, unknown>,
          state: result.state,
        });
        return result;
      },
      call: (args) => cloud.call(args),
    },
    project,
    stack,
    false,
  );
  pulumi.runtime.setAllConfig({ ...config }, [...(secretKeys ?? [])]);

  try {
    const outputs = await pulumi.runtime.runInPulumiStack(async () => {
      // Legacy stack transformations run in the SDK itself, so unlike the newer transforms they
      // see every resource's options under mocks too: that is how parents and ignoreChanges are read.
      pulumi.runtime.registerStackTransformation((args) => {
        const ref = { type: args.type, name: args.name };
        refs.set(args.resource, ref);
        const parent = args.opts.parent ? refs.get(args.opts.parent) : undefined;
        declared.set(key(ref), {
          ...(parent && parent.type !== ROOT_STACK ? { parent } : {}),
          ignoreChanges: args.opts.ignoreChanges ?? [],
        });
        return undefined;
      });
      return program();
    });
    await pulumi.runtime.disconnect();
    return {
      outputs: outputs ?? {},
      resources: registered
        .filter((resource) => resource.type !== ROOT_STACK)
        .map((resource) => ({ ...resource, ignoreChanges: [], ...declared.get(key(resource)) })),
    };
  } finally {
    pulumi.runtime.disconnectSync();
  }
}

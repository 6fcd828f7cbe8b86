// The Pulumi program: read the `prenv:*` config, validate it once, build the stack. Exported as a
// function so the Automation API can run it inline and the sandbox can run it under mocks.
import * as pulumi from "@pulumi/pulumi";
import { BadInputError } from "../src/core/errors.ts";
import { parseStackConfig, type RawStackConfig, STACK_CONFIG_KEYS } from "../src/core/stack-config.ts";
import { createStack, type StackOutputValues } from "./stack.ts";

export function readStackConfig(): RawStackConfig {
  const prenv = new pulumi.Config("prenv");
  const raw: RawStackConfig = Object.fromEntries(STACK_CONFIG_KEYS.map((key) => [key, prenv.get(key)]));
  return {
    ...raw,
    repo: raw.repo ?? `local/${pulumi.getProject()}`,
    region: new pulumi.Config("aws").get("region"),
  };
}

export async function program(): Promise<StackOutputValues> {
  try {
    return createStack(parseStackConfig(readStackConfig()));
  } catch (error) {
    // A config mistake is the user's to fix: show the message, not a stack trace.
    if (error instanceof BadInputError) throw new pulumi.RunError(`invalid prenv config:\n  ${error.problems.join("\n  ")}`);
    throw error;
  }
}

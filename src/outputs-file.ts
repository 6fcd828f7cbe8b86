// cfn-outputs/flat-outputs.json: the stack outputs every verifier (and the user's test command) reads.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { StackOutputs } from "./core/outputs.ts";

export async function writeOutputsFile(path: string, outputs: StackOutputs): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(outputs, null, 2)}\n`);
  return path;
}

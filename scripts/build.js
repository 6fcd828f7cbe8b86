// Builds the committed bundles in dist/ (the Action runs dist/action.js with no node_modules).
// One script, deterministic output: CI rebuilds and fails if dist/ differs from what is committed.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

// ESM bundles of CommonJS packages (Pulumi, the AWS SDK) still call require() and read
// __dirname; give every output file its own.
const banner = [
  'import { createRequire as __prenvCreateRequire } from "node:module";',
  'import { fileURLToPath as __prenvFileURLToPath } from "node:url";',
  'import { dirname as __prenvDirname } from "node:path";',
  "const require = __prenvCreateRequire(import.meta.url);",
  "const __filename = __prenvFileURLToPath(import.meta.url);",
  "const __dirname = __prenvDirname(__filename);",
].join("\n");

const common = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node24",
  banner: { js: banner },
  alias: { typescript: "./scripts/typescript-stub.cjs" },
  legalComments: "linked",
  logLevel: "warning",
};

export async function buildBundles(outdir = "dist") {
  await rm(outdir, { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: { action: "action/main.ts" },
    outdir,
    // Pulumi and the AWS SDK go into chunks loaded only when a run needs them.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
  });
  // The App's Lambda handler: one self-contained file (infra/bot zips it as index.mjs).
  await build({ ...common, entryPoints: { lambda: "src/app/lambda.ts" }, outdir });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildBundles(process.argv[2]);

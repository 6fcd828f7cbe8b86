#!/usr/bin/env node
// prenv is written in TypeScript and run by Node's built-in type stripping, which needs Node 24.
// `npx prenv` uses the Node 24 that `npm ci` installs from the lockfile; anything older gets a
// clear message instead of a syntax error.
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  console.error(
    `prenv needs Node.js 24 or newer, but this is ${process.version}.\n` +
      "Run `npm ci` in the prenv folder, then start it with `npx prenv …` (npm puts the pinned Node 24 first on PATH).",
  );
  process.exit(2);
}

const { main } = await import("../src/cli.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});

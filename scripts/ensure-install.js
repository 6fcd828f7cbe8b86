// Runs before `npm test` with whatever `node` is first on PATH (possibly the machine's own, older
// one), so it is plain JavaScript. On a fresh clone there is no node_modules yet: install exactly
// what the lockfile pins, which also brings the pinned Node 24 that the tests then run on.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";

if (!existsSync(new URL("../node_modules/.package-lock.json", import.meta.url))) {
  console.log("prenv: no node_modules yet; running `npm ci` first");
  execSync("npm ci", { stdio: "inherit", cwd: new URL("..", import.meta.url) });
}

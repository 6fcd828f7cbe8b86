// `npm run bench`: the figures the issues ask for, measured on this machine in one run. Everything
// runs offline against prenv's own stand-ins on 127.0.0.1; nothing here is a test (no pass/fail),
// only numbers to report.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { appRuntime } from "../src/app/runtime.ts";
import { startAppServer, WEBHOOK_PATH } from "../src/app/server.ts";
import { renderComment } from "../src/core/comment.ts";
import { GitHubStandin } from "../src/github/standin.ts";
import { AwsStandin } from "../test/fixtures/aws-standin.ts";
import { APP_ID, deliveryHeaders, fromRepo, PRIVATE_KEY, WEBHOOK_SECRET } from "../test/helpers/app.ts";
import { deploy, destroy, sha, world } from "../test/helpers/lifecycle.ts";
import { prComment } from "../test/helpers/webhooks.ts";
import { runChaos } from "../test/helpers/chaos.ts";

const run = promisify(execFile);
const node = process.execPath;
const rows: [string, string][] = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(58)} ${value}`);
};
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function planFigures() {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) times.push(await timed(() => run(node, ["bin/prenv.js", "plan", "--pr", "42", "--json"])));
  report("prenv plan --pr 42 --json, wall time (median of 3)", ms(median(times)));
  for (const profile of ["preview", "production"]) {
    const { stdout } = await run(node, ["bin/prenv.js", "plan", "--pr", "42", "--profile", profile, "--json"]);
    const plan = JSON.parse(stdout) as { resources: unknown[]; cost: { hourlyUsd: number; maxHourlyUsd: number }; quotas: { maxConcurrentPrs: number; boundBy: string[] } };
    report(`${profile}: resources`, String(plan.resources.length));
    report(`${profile}: estimated $/hour (min scale / scaled out)`, `$${plan.cost.hourlyUsd.toFixed(4)} / $${plan.cost.maxHourlyUsd.toFixed(4)}`);
    report(`${profile}: concurrent PRs per region at default quotas`, `${plan.quotas.maxConcurrentPrs} (bound by ${plan.quotas.boundBy.join(", ")})`);
  }
}

async function requestsPerEvent() {
  for (const [label, before, after] of [
    ["5 comments", 0, 5],
    ["500 comments, prenv's comment first", 0, 500],
    ["500 comments, prenv's comment after them", 500, 0],
  ] as const) {
    const w = await world();
    try {
      w.github.addPullRequest({ number: 42, headSha: sha("1") });
      for (let i = 0; i < before; i++) w.github.addComment(42, `comment ${i}`);
      await w.run(deploy(42, sha("1")));
      for (let i = 0; i < after; i++) w.github.addComment(42, `comment ${i}`);
      w.requests();
      w.github.addPullRequest({ number: 42, headSha: sha("2") });
      await w.run(deploy(42, sha("2")));
      const deploys = w.requests().length;
      await w.run(destroy(42));
      report(`GitHub API requests, PR with ${label}: deploy / destroy`, `${deploys} / ${w.requests().length}`);
    } finally {
      await w.stop();
    }
  }
}

async function actionFigures() {
  report("dist/action.js", mb((await stat("dist/action.js")).size));
  report("dist/ (action.js and its lazily loaded chunks, + lambda.js)", mb(await dirSize("dist")));
  const github = new GitHubStandin("acme/shop");
  const url = await github.start();
  const dir = await mkdtemp(join(tmpdir(), "prenv-bench-"));
  await cp("dist", join(dir, "action", "dist"), { recursive: true });
  await writeFile(join(dir, "action", "package.json"), '{ "type": "module" }');
  await writeFile(join(dir, "event.json"), JSON.stringify({ action: "closed", number: 42, pull_request: { number: 42, merged: true }, sender: { login: "octocat" } }));
  await writeFile(join(dir, "out.txt"), "");
  github.addPullRequest({ number: 42, state: "closed" });
  const firsts: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      github.requests.length = 0;
      const start = Date.now();
      await run(node, [join(dir, "action", "dist", "action.js")], {
        cwd: dir,
        env: {
          PATH: process.env["PATH"],
          GITHUB_EVENT_NAME: "pull_request",
          GITHUB_EVENT_PATH: join(dir, "event.json"),
          GITHUB_REPOSITORY: "acme/shop",
          GITHUB_API_URL: url,
          GITHUB_WORKSPACE: dir,
          GITHUB_OUTPUT: join(dir, "out.txt"),
          "INPUT_GITHUB-TOKEN": "ghs_bench",
          "INPUT_AWS-REGION": "us-east-1",
          INPUT_ENGINE: "sandbox",
        },
      });
      firsts.push(github.requests[0]!.at - start);
    }
  } finally {
    await github.stop();
  }
  report("node dist/action.js: start to its first GitHub request (median of 5)", ms(median(firsts)));
}

async function simulateFigure() {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) times.push(await timed(() => run(node, ["bin/prenv.js", "simulate", "--json"])));
  report("prenv simulate (open, push, merge), wall time (median of 3)", ms(median(times)));
}

/** A GitHub and an AWS stand-in with PR 42 deployed, for the traffic figures. */
async function trafficWorld() {
  const github = new GitHubStandin("acme/shop");
  const aws = new AwsStandin();
  const lb = aws.addEnvironment("acme/shop", 42);
  const [githubUrl, awsUrl] = await Promise.all([github.start(), aws.start()]);
  github.addPullRequest({ number: 42, headSha: sha("a") });
  github.permissions.set("maintainer", "write");
  github.addComment(42, renderComment({ pr: 42, now: new Date(), ttlMs: 259_200_000, state: { status: "deployed", deploys: 1, deployedAt: new Date().toISOString(), weights: { blue: 100, green: 0 } } }), "prenv[bot]", "Bot");
  Object.assign(process.env, { AWS_ENDPOINT_URL: awsUrl, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "us-east-1" });
  return { github, aws, lb, githubUrl, stop: () => Promise.all([github.stop(), aws.stop()]) };
}

async function appFigures() {
  const t = await trafficWorld();
  const runtime = await appRuntime({ appId: APP_ID, privateKey: PRIVATE_KEY, webhookSecret: WEBHOOK_SECRET }, { GITHUB_API_URL: t.githubUrl, LOG_LEVEL: "fatal", AWS_REGION: "us-east-1" });
  const server = await startAppServer(runtime);
  try {
    const deliver = async (event: string, payload: unknown) => {
      const body = JSON.stringify(payload);
      const start = performance.now();
      const response = await fetch(`${server.url}${WEBHOOK_PATH}`, { method: "POST", headers: deliveryHeaders(event, body), body });
      await response.text();
      return performance.now() - start;
    };
    const command = (text: string) => {
      const posted = t.github.addComment(42, text, "maintainer");
      const payload = fromRepo(prComment(text, { login: "maintainer" }));
      payload["issue"].number = 42;
      payload["comment"].id = posted.id;
      return payload;
    };
    // The first delivery also fetches the installation token; measure warm deliveries.
    await deliver("issue_comment", command("/status"));
    const promote: number[] = [];
    const awsBefore = t.aws.requests.length;
    for (let i = 0; i < 200; i++) promote.push(await deliver("issue_comment", command(i % 2 === 0 ? "/promote-green" : "/promote-blue")));
    const elb = t.aws.requests.slice(awsBefore).filter((r) => r.service === "elbv2").length;
    report("App: /promote-green|blue, 200 signed deliveries: p50 / p99", `${ms(percentile(promote, 50))} / ${ms(percentile(promote, 99))}`);
    report("ELBv2 requests per promote (+ Tagging API requests)", `${elb / 200} (+ ${t.aws.requests.slice(awsBefore).filter((r) => r.service === "tagging").length / 200})`);
    const dispatch: number[] = [];
    for (let i = 0; i < 200; i++) {
      const payload = fromRepo({ action: "synchronize", number: 42, pull_request: { number: 42, draft: false, head: { sha: sha("b") } }, sender: { login: "octocat", type: "User" } });
      dispatch.push(await deliver("pull_request", payload));
    }
    report("App: pull_request.synchronize (hand-off), 200 deliveries: p50 / p99", `${ms(percentile(dispatch, 50))} / ${ms(percentile(dispatch, 99))}`);
  } finally {
    await server.close();
    await t.stop();
  }
}

async function promoteTime() {
  const t = await trafficWorld();
  const { runLifecycle } = await import("../src/lifecycle.ts");
  const { decide } = await import("../src/core/event.ts");
  const { createPorts } = await import("../src/wiring.ts");
  const { parseSettings } = await import("../src/core/settings.ts");
  const settings = parseSettings((name) => ({ "github-token": "ghs_bench", "aws-region": "us-east-1" })[name as string] ?? "", "acme/shop");
  const log = { info: () => {}, warn: () => {}, group: <T>(_t: string, fn: () => Promise<T>) => fn() };
  const ports = createPorts({ settings, repo: "acme/shop", githubApiUrl: t.githubUrl, log, workspace: tmpdir(), env: {} });
  const times: number[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      const text = i % 2 === 0 ? "/promote-green" : "/promote-blue";
      const posted = t.github.addComment(42, text, "maintainer");
      const payload = prComment(text, { login: "maintainer" });
      payload["issue"].number = 42;
      payload["comment"].id = posted.id;
      const intent = decide("issue_comment", payload, { deployDrafts: false, approveLabel: "prenv:approve", maxExtendMs: 604_800_000 });
      const seen = t.aws.requests.length;
      const start = Date.now();
      await runLifecycle(intent, ports, { repo: "acme/shop", settings, secrets: [] });
      const modified = t.aws.requests.slice(seen).filter((r) => r.action === "ModifyListener");
      times.push(modified.at(-1)!.at - start);
    }
  } finally {
    await t.stop();
  }
  // The first runs warm up the SDK clients and the installation of the module graph.
  report("Command received to both listeners changed, on loopback (median of 18 warm)", ms(median(times.slice(2))));
}

async function lambdaFigures() {
  report("dist/lambda.js", mb((await stat("dist/lambda.js")).size));
  const dir = await mkdtemp(join(tmpdir(), "prenv-lambda-"));
  await cp("dist/lambda.js", join(dir, "index.mjs"));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const { stdout } = await run(node, ["--input-type=module", "-e", `const t = performance.now(); await import(${JSON.stringify(join(dir, "index.mjs"))}); console.log(performance.now() - t);`]);
    times.push(Number(stdout));
  }
  report("dist/lambda.js cold import in a fresh node (median of 5)", ms(median(times)));
}

async function chaosFigures() {
  const start = performance.now();
  const chaos = await runChaos({ seed: 20261129, runs: 200 });
  const injected = Object.values(chaos.faults).reduce((a, b) => a + b, 0);
  report("chaos: runs / events (failed under faults)", `${chaos.runs} / ${chaos.events} (${chaos.failedEvents})`);
  report("chaos: faults injected", `${injected} (${Object.entries(chaos.faults).map(([k, v]) => `${k} ${v}`).join(", ")})`);
  report("chaos: stacks left for closed PRs / stale comments", `${chaos.stacksLeftForClosedPrs} / ${chaos.staleComments}`);
  report("chaos: orphans left (goal 0) / unhandled rejections", `${chaos.orphansLeft} / ${chaos.unhandledRejections}`);
  report("chaos: wall time", ms(performance.now() - start));
}

const sections: [string, () => Promise<void>][] = [
  ["plan", planFigures],
  ["requests", requestsPerEvent],
  ["action", actionFigures],
  ["simulate", simulateFigure],
  ["promote", promoteTime],
  ["app", appFigures],
  ["lambda", lambdaFigures],
  ["chaos", chaosFigures],
];

const only = process.argv.slice(2);
console.log(`prenv bench · node ${process.version} · ${new Date().toISOString()}\n`);
for (const [name, section] of sections) {
  if (only.length === 0 || only.includes(name)) await section();
}

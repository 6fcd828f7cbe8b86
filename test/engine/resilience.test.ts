// GitHub's faults as the Action and the App meet them: server errors and dropped connections
// retried with backoff, rate limits waited out, everything else passed straight through.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOctokit } from "../../src/github/octokit.ts";
import { rateLimitWait } from "../../src/github/resilience.ts";
import { GitHubStandin } from "../../src/github/standin.ts";

let github: GitHubStandin;
let url: string;
beforeAll(async () => {
  github = new GitHubStandin("acme/shop");
  github.addPullRequest({ number: 1 });
  url = await github.start();
});
afterAll(async () => github.stop());

function client() {
  const slept: number[] = [];
  const warnings: string[] = [];
  const octokit = createOctokit({ token: "t", baseUrl: url, sleep: async (ms) => void slept.push(ms), warn: (m) => warnings.push(m) });
  return { octokit, slept, warnings };
}
const getPull = (octokit: ReturnType<typeof createOctokit>) => octokit.rest.pulls.get({ owner: "acme", repo: "shop", pull_number: 1 });

describe("resilience", () => {
  it("retries server errors with a doubling backoff", async () => {
    const { octokit, slept, warnings } = client();
    github.faults.push({ path: /pulls\/1$/, status: 502, times: 2 });
    expect((await getPull(octokit)).data).toMatchObject({ number: 1 });
    expect(slept).toEqual([1000, 2000]);
    expect(warnings[0]).toBe("GitHub answered 502 to GET /repos/{owner}/{repo}/pulls/{pull_number}; retry 1 of 3 in 1000 ms");
  });

  it("gives up after three retries", async () => {
    const { octokit, slept } = client();
    github.faults.push({ path: /pulls\/1$/, status: 503, times: 4 });
    await expect(getPull(octokit)).rejects.toMatchObject({ status: 503 });
    expect(slept).toEqual([1000, 2000, 4000]);
  });

  it("waits the retry-after of a secondary rate limit, then retries", async () => {
    const { octokit, slept } = client();
    github.faults.push({ path: /pulls\/1$/, status: 403, times: 1, headers: { "retry-after": "3" } });
    expect((await getPull(octokit)).data).toMatchObject({ number: 1 });
    expect(slept).toEqual([3000]);
  });

  it("waits until the primary limit resets", async () => {
    const { octokit, slept } = client();
    github.faults.push({ path: /pulls\/1$/, status: 403, times: 1, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.ceil(Date.now() / 1000) + 2) } });
    await getPull(octokit);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(1000);
    expect(slept[0]).toBeLessThanOrEqual(3000);
  });

  it("passes a plain 403 or 404 straight through", async () => {
    const { octokit, slept } = client();
    github.faults.push({ path: /pulls\/1$/, status: 403, times: 1 });
    await expect(getPull(octokit)).rejects.toMatchObject({ status: 403 });
    await expect(octokit.rest.pulls.get({ owner: "acme", repo: "shop", pull_number: 99 })).rejects.toMatchObject({ status: 404 });
    expect(slept).toEqual([]);
  });

  it("retries a connection that was refused", async () => {
    const slept: number[] = [];
    const octokit = createOctokit({ token: "t", baseUrl: "http://127.0.0.1:9", sleep: async (ms) => void slept.push(ms), retries: 1 });
    await expect(getPull(octokit)).rejects.toBeDefined();
    expect(slept).toEqual([1000]);
  });

  it("reads the wait from GitHub's headers", () => {
    expect(rateLimitWait({ status: 403, response: { headers: { "retry-after": "120" } } }, 0)).toBe(120);
    expect(rateLimitWait({ status: 429, response: { headers: {} } }, 0)).toBe(60);
    expect(rateLimitWait({ status: 500, response: { headers: { "retry-after": "1" } } }, 0)).toBeUndefined();
    expect(rateLimitWait({ status: 403, response: { headers: { "x-ratelimit-remaining": "0" } } }, 0)).toBe(60);
  });
});

// GitHub's "slow down" answers, waited out; everything else passed through at once.
import { Octokit } from "@octokit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimitRetry, rateLimitWait } from "../../src/github/rate-limit.ts";
import { GitHubStandin } from "../../src/github/standin.ts";

let github: GitHubStandin;
let url: string;
beforeAll(async () => {
  github = new GitHubStandin("acme/shop");
  github.addPullRequest({ number: 1 });
  url = await github.start();
});
afterAll(async () => github.stop());

const client = (slept: number[]) =>
  new (Octokit.plugin(rateLimitRetry))({ auth: "t", baseUrl: url, rateLimit: { sleep: async (ms: number) => void slept.push(ms) } });

describe("rateLimitRetry", () => {
  it("waits the retry-after of a secondary rate limit, then retries", async () => {
    const slept: number[] = [];
    github.faults.push({ path: /pulls\/1$/, status: 403, times: 1, headers: { "retry-after": "3" } });
    const { data } = await client(slept).request("GET /repos/acme/shop/pulls/1");
    expect(data).toMatchObject({ number: 1 });
    expect(slept).toEqual([3000]);
  });

  it("waits until the primary limit resets", async () => {
    const slept: number[] = [];
    const reset = Math.ceil(Date.now() / 1000) + 2;
    github.faults.push({ path: /pulls\/1$/, status: 429, times: 1, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) } });
    await client(slept).request("GET /repos/acme/shop/pulls/1");
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(1000);
    expect(slept[0]).toBeLessThanOrEqual(3000);
  });

  it("passes a plain 403 (a missing permission) straight through, and gives up after two waits", async () => {
    const slept: number[] = [];
    github.faults.push({ path: /pulls\/1$/, status: 403, times: 1 });
    await expect(client(slept).request("GET /repos/acme/shop/pulls/1")).rejects.toMatchObject({ status: 403 });
    expect(slept).toEqual([]);
    github.faults.push({ path: /pulls\/1$/, status: 429, times: 3, headers: { "retry-after": "1" } });
    await expect(client(slept).request("GET /repos/acme/shop/pulls/1")).rejects.toMatchObject({ status: 429 });
    expect(slept).toEqual([1000, 1000]);
  });

  it("refuses to wait longer than the limit allows", () => {
    expect(rateLimitWait({ status: 403, response: { headers: { "retry-after": "120" } } }, 0)).toBe(120);
    expect(rateLimitWait({ status: 500, response: { headers: { "retry-after": "1" } } }, 0)).toBeUndefined();
    expect(rateLimitWait({ status: 403, response: { headers: { "x-ratelimit-remaining": "0" } } }, 0)).toBe(60);
  });
});

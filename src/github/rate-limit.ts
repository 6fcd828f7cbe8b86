// Waiting out GitHub's rate limits without a scheduler in front of every request. The throttling
// plugin queues each request through Bottleneck, which costs the App tens of milliseconds per
// webhook; a bot making a handful of requests per command only needs to react when GitHub says
// "slow down": a 403 or 429 with `retry-after`, or with the primary limit at zero.
import type { Octokit } from "@octokit/core";

export interface RateLimitOptions {
  /** Longest wait for one limit; a longer one fails the request, saying when to try again. */
  readonly maxWaitSeconds?: number;
  readonly maxRetries?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly warn?: (message: string) => void;
}

interface HttpError {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

/** Seconds GitHub asks to wait, or undefined if this error is not a rate limit. */
export function rateLimitWait(error: unknown, now: number): number | undefined {
  const { status, response } = error as HttpError;
  if (status !== 403 && status !== 429) return undefined;
  const headers = response?.headers ?? {};
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter;
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    return Number.isFinite(reset) ? Math.max(0, Math.ceil(reset - now / 1000)) : 60;
  }
  return undefined;
}

export function rateLimitRetry(octokit: Octokit, options: { rateLimit?: RateLimitOptions } & Record<string, unknown>) {
  const settings = options.rateLimit ?? {};
  const maxWait = settings.maxWaitSeconds ?? 60;
  const maxRetries = settings.maxRetries ?? 2;
  const sleep = settings.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  octokit.hook.wrap("request", async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = rateLimitWait(error, Date.now());
        if (wait === undefined || attempt >= maxRetries || wait > maxWait) throw error;
        settings.warn?.(`GitHub rate limit on ${requestOptions.method} ${requestOptions.url}; retrying in ${wait}s`);
        await sleep(wait * 1000);
      }
    }
  });
  return {};
}

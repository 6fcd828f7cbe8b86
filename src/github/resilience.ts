// Every GitHub request prenv makes goes through this one small helper: a server error or a
// dropped connection is retried with backoff, and a rate limit is waited out when GitHub says
// "slow down" (a 403 or 429 with retry-after, or the primary limit at zero). It replaces the
// retry and throttling plugins, whose Bottleneck scheduler put ~15 ms in front of every request:
// more than the rest of the App's work on a webhook.
import type { Octokit } from "@octokit/core";

export interface ResilienceOptions {
  /** Retries of a server error or a dropped connection (default 3). */
  readonly retries?: number;
  /** First backoff; it doubles each time (default 1 s). */
  readonly backoffMs?: number;
  /** Waits for a rate limit (default 2), each at most `maxRateLimitWaitSeconds` (default 60). */
  readonly rateLimitRetries?: number;
  readonly maxRateLimitWaitSeconds?: number;
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
  if (headers["retry-after"] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter;
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    return Number.isFinite(reset) ? Math.max(0, Math.ceil(reset - now / 1000)) : 60;
  }
  return status === 429 ? 60 : undefined;
}

/** A server error, or no answer at all (Octokit reports a failed fetch as a 500 without a response). */
export const isTransient = (error: unknown): boolean => {
  const { status } = error as HttpError;
  return status === undefined || status === 500 || status === 502 || status === 503 || status === 504;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function resilience(octokit: Octokit, options: { resilience?: ResilienceOptions } & Record<string, unknown>) {
  const settings = options.resilience ?? {};
  const retries = settings.retries ?? 3;
  const backoffMs = settings.backoffMs ?? 1000;
  const rateLimitRetries = settings.rateLimitRetries ?? 2;
  const maxWait = settings.maxRateLimitWaitSeconds ?? 60;
  const sleep = settings.sleep ?? realSleep;
  octokit.hook.wrap("request", async (request, requestOptions) => {
    let failures = 0;
    let limits = 0;
    for (;;) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const what = `${requestOptions.method} ${requestOptions.url}`;
        const wait = rateLimitWait(error, Date.now());
        if (wait !== undefined) {
          if (limits >= rateLimitRetries || wait > maxWait) throw error;
          limits += 1;
          settings.warn?.(`GitHub rate limit on ${what}; retrying in ${wait}s`);
          await sleep(wait * 1000);
        } else if (isTransient(error) && failures < retries) {
          const delay = backoffMs * 2 ** failures;
          failures += 1;
          settings.warn?.(`GitHub answered ${(error as HttpError).status ?? "nothing"} to ${what}; retry ${failures} of ${retries} in ${delay} ms`);
          await sleep(delay);
        } else {
          throw error;
        }
      }
    }
  });
  return {};
}

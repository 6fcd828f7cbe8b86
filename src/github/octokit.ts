// One configured Octokit for every GitHub call: retries on 5xx and network errors, and waits out
// primary and secondary rate limits (a few times) instead of failing a deploy on a busy day.
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";

export const PrenvOctokit = Octokit.plugin(retry, throttling);
export type PrenvOctokit = InstanceType<typeof PrenvOctokit>;

export interface OctokitOptions {
  readonly token: string;
  /** `GITHUB_API_URL`: https://api.github.com, a GitHub Enterprise Server, or a loopback stand-in. */
  readonly baseUrl: string;
  /** How often a rate-limited request is retried before it fails. */
  readonly rateLimitRetries?: number;
  /** Off in tests that inject faults and want to see them. */
  readonly retries?: number;
  readonly warn?: (message: string) => void;
  /**
   * Pause between writes. GitHub asks for a second between mutating requests to avoid secondary
   * rate limits (the throttling plugin's default); a loopback stand-in needs none.
   */
  readonly writeSpacingMs?: number;
}

/** True for 127.0.0.1, ::1 and localhost: a stand-in, never GitHub itself. */
export const isLoopback = (url: string): boolean => ["127.0.0.1", "[::1]", "localhost"].includes(new URL(url).hostname);

export function createOctokit(options: OctokitOptions): PrenvOctokit {
  const limit = options.rateLimitRetries ?? 3;
  const warn = options.warn ?? (() => {});
  const onLimit = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    warn(`GitHub ${kind} rate limit on ${request.method} ${request.url}; ${retryCount < limit ? `retrying in ${retryAfter}s` : "giving up"}`);
    return retryCount < limit;
  };
  return new PrenvOctokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    userAgent: "prenv",
    retry: { retries: options.retries ?? 3 },
    throttle: {
      onRateLimit: onLimit("primary"),
      onSecondaryRateLimit: onLimit("secondary"),
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeSpacingMs ?? 1000 }),
    },
    // Octokit logs every retried request as a warning by default; prenv reports them itself.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

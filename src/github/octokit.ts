// One configured Octokit for every GitHub call the Action and the CLI make: retries on server
// errors and dropped connections, rate limits waited out (resilience.ts).
import { Octokit } from "@octokit/rest";
import { type ResilienceOptions, resilience } from "./resilience.ts";

export const PrenvOctokit = Octokit.plugin(resilience);
export type PrenvOctokit = InstanceType<typeof PrenvOctokit>;

export interface OctokitOptions extends ResilienceOptions {
  readonly token: string;
  /** `GITHUB_API_URL`: https://api.github.com, a GitHub Enterprise Server, or a loopback stand-in. */
  readonly baseUrl: string;
}

/** True for 127.0.0.1, ::1 and localhost: a stand-in, never GitHub itself. */
export const isLoopback = (url: string): boolean => ["127.0.0.1", "[::1]", "localhost"].includes(new URL(url).hostname);

export function createOctokit(options: OctokitOptions): PrenvOctokit {
  const { token, baseUrl, ...resilienceOptions } = options;
  return new PrenvOctokit({
    auth: token,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    userAgent: "prenv",
    resilience: resilienceOptions,
    // Octokit logs every failed request as a warning by default; prenv reports them itself.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

// The Prober over fetch: one GET as a browser would make it, with a timeout.
import type { Prober } from "./ports.ts";

export const httpProber: Prober = {
  async get(url, timeoutMs) {
    const started = performance.now();
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs), headers: { "user-agent": "prenv-verify" } });
    await response.arrayBuffer();
    return { status: response.status, latencyMs: performance.now() - started };
  },
};

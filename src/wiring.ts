// The composition root: settings in, ports out. The Action, the CLI and `prenv simulate` all build
// their ports here. Pulumi and the AWS SDK are loaded only when a run first needs them, so a run
// that only comments (or ignores its event) starts fast.
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { projectName } from "./core/naming.ts";
import { type Settings } from "./core/settings.ts";
import { OctokitForge } from "./github/forge.ts";
import { createOctokit, isLoopback } from "./github/octokit.ts";
import { type Clock, type Engine, type Log, type Ports, type Traffic } from "./ports.ts";

export const systemClock: Clock = { now: () => new Date(), sleep: (ms) => sleep(ms) };

export interface WiringOptions {
  readonly settings: Settings;
  /** `owner/name`. */
  readonly repo: string;
  readonly githubApiUrl: string;
  readonly log: Log;
  readonly clock?: Clock;
  /** Folder that relative paths (program-dir, the sandbox's state) are resolved against. */
  readonly workspace: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** An Engine whose module (and Pulumi with it) is imported on first use. */
function lazyEngine(simulated: boolean, load: () => Promise<Engine>): Engine {
  let engine: Promise<Engine> | undefined;
  const get = () => (engine ??= load());
  return {
    simulated,
    deploy: async (stack, config, onOutput) => (await get()).deploy(stack, config, onOutput),
    destroy: async (stack, onOutput) => (await get()).destroy(stack, onOutput),
    outputs: async (stack) => (await get()).outputs(stack),
  };
}

function lazyTraffic(load: () => Promise<Traffic>): Traffic {
  let traffic: Promise<Traffic> | undefined;
  const get = () => (traffic ??= load());
  return { weights: async (stack, outputs) => (await get()).weights(stack, outputs) };
}

export function sandboxDir(workspace: string, env: WiringOptions["env"]): string {
  return resolve(workspace, env["PRENV_SANDBOX_DIR"] ?? ".prenv/sandbox");
}

export function createPorts(options: WiringOptions): Ports {
  const { settings, repo, log, env, workspace } = options;
  const clock = options.clock ?? systemClock;
  const project = projectName(repo);
  const octokit = createOctokit({
    token: settings.githubToken,
    baseUrl: options.githubApiUrl,
    warn: (m) => log.warn(m),
    ...(isLoopback(options.githubApiUrl) ? { writeSpacingMs: 0 } : {}),
  });
  const forge = new OctokitForge(octokit, repo);

  if (settings.engine === "sandbox") {
    const store = (async () => new (await import("./pulumi/sandbox-store.ts")).SandboxStore(sandboxDir(workspace, env)))();
    const delayMs = Number(env["PRENV_SANDBOX_DELAY_MS"] ?? 0) || 0;
    return {
      forge,
      clock,
      log,
      engine: lazyEngine(true, async () => new (await import("./pulumi/sandbox-engine.ts")).SandboxEngine({ project, store: await store, clock, delayMs })),
      traffic: lazyTraffic(async () => new (await import("./pulumi/sandbox-traffic.ts")).SandboxTraffic(await store, project)),
    };
  }
  return {
    forge,
    clock,
    log,
    engine: lazyEngine(false, async () => {
      const { AutomationEngine } = await import("./pulumi/automation-engine.ts");
      return new AutomationEngine({
        project,
        ...(settings.backendUrl ? { backendUrl: settings.backendUrl } : {}),
        ...(settings.programDir ? { programDir: resolve(workspace, settings.programDir) } : {}),
        clock,
        log: (message) => log.info(message),
      });
    }),
    traffic: lazyTraffic(async () => {
      const [{ ElasticLoadBalancingV2Client }, { ElbTraffic }] = await Promise.all([
        import("@aws-sdk/client-elastic-load-balancing-v2"),
        import("./aws/traffic.ts"),
      ]);
      return new ElbTraffic(new ElasticLoadBalancingV2Client({ region: settings.region }));
    }),
  };
}

/** The values no comment or log may show. */
export function secretsOf(settings: Settings, env: WiringOptions["env"]): string[] {
  return [
    settings.githubToken,
    ...["PULUMI_CONFIG_PASSPHRASE", "PULUMI_ACCESS_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].map((name) => env[name] ?? ""),
  ].filter((value) => value.length > 0);
}

// The composition root: settings in, ports out. The Action, the CLI and `prenv simulate` all build
// their ports here. Pulumi and the AWS SDK are loaded only when a run first needs them, so a run
// that only comments (or ignores its event) starts fast.
import { resolve } from "node:path";
import { projectName } from "./core/naming.ts";
import type { EngineKind, Settings } from "./core/settings.ts";
import { OctokitForge } from "./github/forge.ts";
import { systemClock } from "./clock.ts";
import { createOctokit } from "./github/octokit.ts";
import type { ResilienceOptions } from "./github/resilience.ts";
import type { AllAwsClients } from "./aws/clients.ts";
import type { SandboxEngineOptions } from "./pulumi/sandbox-engine.ts";
import { writeOutputsFile } from "./outputs-file.ts";
import type { CheckPorts, Clock, Engine, Inspector, Inventory, Log, Ports, Traffic } from "./ports.ts";
import { httpProber } from "./probe.ts";
import { shellRunner } from "./runner.ts";

export { systemClock } from "./clock.ts";

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
  /** Retry timing (tests shorten the backoff). */
  readonly resilience?: ResilienceOptions;
  readonly sandbox?: EngineWiring["sandbox"];
}

/** The methods of an object whose module (and its heavy dependencies) is imported on first use. */
function lazy<T extends object, K extends keyof T & string>(load: () => Promise<T>, methods: readonly K[]): Pick<T, K> {
  let instance: Promise<T> | undefined;
  const get = () => (instance ??= load());
  const call = (method: K) => async (...args: unknown[]) => {
    const target = await get();
    return (target[method] as (...a: unknown[]) => unknown).apply(target, args);
  };
  return Object.fromEntries(methods.map((method) => [method, call(method)])) as unknown as Pick<T, K>;
}

const lazyEngine = (simulated: boolean, load: () => Promise<Engine>): Engine => ({
  simulated,
  ...lazy(load, ["deploy", "destroy", "outputs", "listStacks"] as const),
});

const lazyTraffic = (load: () => Promise<Traffic>): Traffic => lazy(load, ["read", "health", "forward", "images"] as const);

const lazyInventory = (load: () => Promise<Inventory>): Inventory => lazy(load, ["list", "remove"] as const);

const lazyInspector = (load: () => Promise<Inspector>): Inspector =>
  lazy(load, ["services", "wafAcl", "alarms", "dashboard", "database", "logRetentionDays", "scanOnPush", "containerInsights"] as const);

/** The integration checks' ports: HTTP and the shell are the same for every engine. */
const checkPorts = (inspector: Inspector): CheckPorts => ({ inspector, prober: httpProber, runner: shellRunner });

export function sandboxDir(workspace: string, env: WiringOptions["env"]): string {
  return resolve(workspace, env["PRENV_SANDBOX_DIR"] ?? ".prenv/sandbox");
}

/** What the engine and traffic ports need: the Action's settings, or the CLI's flags. */
export interface EngineWiring {
  readonly repo: string;
  readonly region: string;
  readonly engine: EngineKind;
  readonly backendUrl?: string;
  readonly programDir?: string;
  readonly workspace: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: Log;
  readonly clock: Clock;
  /** Faults to inject into the sandbox, and a faster way to run its program (the fault and chaos tests). */
  readonly sandbox?: Pick<SandboxEngineOptions, "fault" | "run">;
}

/** The offline engine and traffic, sharing one store: the sandbox's "cloud". */
function sandboxPorts(options: EngineWiring): EnginePorts {
  const { clock } = options;
  const store = (async () => new (await import("./pulumi/sandbox-store.ts")).SandboxStore(sandboxDir(options.workspace, options.env)))();
  const delayMs = Number(options.env["PRENV_SANDBOX_DELAY_MS"] ?? 0) || 0;
  const project = projectName(options.repo);
  return {
    engine: lazyEngine(true, async () => new (await import("./pulumi/sandbox-engine.ts")).SandboxEngine({ project, store: await store, clock, delayMs, ...options.sandbox })),
    traffic: lazyTraffic(async () => new (await import("./pulumi/sandbox-traffic.ts")).SandboxTraffic(await store, clock)),
    checks: checkPorts(lazyInspector(async () => new (await import("./pulumi/sandbox-inspector.ts")).SandboxInspector(await store))),
    inventory: lazyInventory(async () => new (await import("./pulumi/sandbox-inventory.ts")).SandboxInventory(await store, project)),
  };
}

/** Pulumi's Automation API and the AWS SDK. */
function cloudPorts(options: EngineWiring): EnginePorts {
  const { workspace, log, clock } = options;
  let clients: Promise<AllAwsClients> | undefined;
  const aws = () => (clients ??= import("./aws/clients.ts").then(({ awsClients }) => awsClients(options.region)));
  return {
    engine: lazyEngine(false, async () => {
      const { AutomationEngine } = await import("./pulumi/automation-engine.ts");
      return new AutomationEngine({
        project: projectName(options.repo),
        ...(options.backendUrl ? { backendUrl: options.backendUrl } : {}),
        ...(options.programDir ? { programDir: resolve(workspace, options.programDir) } : {}),
        clock,
        log: (message) => log.info(message),
      });
    }),
    traffic: lazyTraffic(async () => new (await import("./aws/traffic.ts")).ElbTraffic(await aws())),
    checks: checkPorts(lazyInspector(async () => new (await import("./aws/inspector.ts")).AwsInspector(await aws(), options.env["AWS_ENDPOINT_URL"]))),
    inventory: lazyInventory(async () => new (await import("./aws/inventory.ts")).AwsInventory(await aws(), { clock })),
  };
}

type EnginePorts = Pick<Ports, "engine" | "traffic"> & { readonly checks: CheckPorts; readonly inventory: Inventory };

export const enginePorts = (options: EngineWiring): EnginePorts =>
  options.engine === "sandbox" ? sandboxPorts(options) : cloudPorts(options);

export function createPorts(options: WiringOptions): Ports {
  const { settings, log } = options;
  const clock = options.clock ?? systemClock;
  const octokit = createOctokit({
    token: settings.githubToken,
    baseUrl: options.githubApiUrl,
    warn: (m) => log.warn(m),
    ...(options.resilience ?? {}),
  });
  return {
    forge: new OctokitForge(octokit, options.repo),
    outputs: { write: async (outputs) => writeOutputsFile(resolve(options.workspace, settings.outputsFile), outputs) },
    clock,
    log,
    ...enginePorts({
      repo: options.repo,
      region: settings.region,
      engine: settings.engine,
      ...(settings.backendUrl ? { backendUrl: settings.backendUrl } : {}),
      ...(settings.programDir ? { programDir: settings.programDir } : {}),
      workspace: options.workspace,
      env: options.env,
      log,
      clock,
      ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    }),
  };
}

/** The values no comment or log may show. */
export function secretsOf(settings: Pick<Settings, "githubToken">, env: WiringOptions["env"]): string[] {
  return [
    settings.githubToken,
    ...["PULUMI_CONFIG_PASSPHRASE", "PULUMI_ACCESS_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].map((name) => env[name] ?? ""),
  ].filter((value) => value.length > 0);
}

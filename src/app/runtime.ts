// The App as it runs (locally or on Lambda): secrets, settings from PRENV_* variables, AWS
// traffic, and a loaded Probot. Built once per process.
import type { Probot } from "probot";
import { trafficClients } from "../aws/traffic-clients.ts";
import { ElbTraffic } from "../aws/traffic.ts";
import { systemClock } from "../clock.ts";
import { type AppSecrets, appSettings, createProbot, type ProbotOptions } from "./app.ts";

export interface AppRuntime {
  readonly probot: Probot;
  readonly secrets: AppSecrets;
}

export async function appRuntime(secrets: AppSecrets, env: Readonly<Record<string, string | undefined>>, options: ProbotOptions = {}): Promise<AppRuntime> {
  const settings = appSettings(env);
  const probot = await createProbot(
    secrets,
    { settings, workflow: env["PRENV_WORKFLOW"] || "preview.yml", traffic: new ElbTraffic(trafficClients(settings.region)), clock: systemClock },
    {
      ...(env["GITHUB_API_URL"] ? { baseUrl: env["GITHUB_API_URL"] } : {}),
      ...(isLogLevel(env["LOG_LEVEL"]) ? { logLevel: env["LOG_LEVEL"] } : {}),
      ...options,
    },
  );
  return { probot, secrets };
}

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
const isLogLevel = (value: string | undefined): value is (typeof LEVELS)[number] => (LEVELS as readonly string[]).includes(value ?? "");

// The App's secrets: its ID, private key and webhook secret. Locally from the environment
// (PRIVATE_KEY or PRIVATE_KEY_PATH); on Lambda from one Secrets Manager secret, read once per
// container and cached. They are never logged.
import { readFile } from "node:fs/promises";
import { BadInputError } from "../core/errors.ts";
import type { AppSecrets } from "./app.ts";

const PEM = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----/;

/** Checks the three secrets, naming what is wrong without ever showing a value. */
export function validSecrets(raw: { appId?: unknown; privateKey?: unknown; webhookSecret?: unknown }, source: string): AppSecrets {
  const problems: string[] = [];
  const appId = typeof raw.appId === "number" ? String(raw.appId) : raw.appId;
  if (typeof appId !== "string" || !/^\d{1,12}$/.test(appId)) problems.push(`${source}: the App ID must be the GitHub App's numeric ID`);
  // Keys pasted into one-line variables often carry literal "\n".
  const privateKey = typeof raw.privateKey === "string" ? raw.privateKey.replace(/\\n/g, "\n").trim() : undefined;
  if (!privateKey || !PEM.test(privateKey)) problems.push(`${source}: the private key must be the App's PEM private key`);
  const webhookSecret = raw.webhookSecret;
  if (typeof webhookSecret !== "string" || webhookSecret.length < 8) problems.push(`${source}: the webhook secret must be set (at least 8 characters)`);
  if (problems.length > 0) throw new BadInputError(problems);
  return { appId: appId as string, privateKey: privateKey!, webhookSecret: webhookSecret as string };
}

export async function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): Promise<AppSecrets> {
  let privateKey = env["PRIVATE_KEY"];
  const path = env["PRIVATE_KEY_PATH"];
  if (!privateKey && path) {
    try {
      privateKey = await readFile(path, "utf8");
    } catch (error) {
      throw new BadInputError(`PRIVATE_KEY_PATH ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
    }
  }
  return validSecrets({ appId: env["APP_ID"], privateKey, webhookSecret: env["WEBHOOK_SECRET"] }, "APP_ID, PRIVATE_KEY(_PATH), WEBHOOK_SECRET");
}

/** `{ "appId": …, "privateKey": …, "webhookSecret": … }` from Secrets Manager. */
export async function secretsFromSecretsManager(secretArn: string): Promise<AppSecrets> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(SecretString ?? "");
  } catch {
    throw new BadInputError(`the secret ${secretArn} must hold JSON with appId, privateKey and webhookSecret`);
  }
  return validSecrets(parsed as Record<string, unknown>, `the secret ${secretArn}`);
}

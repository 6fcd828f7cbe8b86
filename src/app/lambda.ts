// The App on AWS Lambda, behind a Function URL or an API Gateway HTTP API (payload 1.0 or 2.0).
// Written against Probot 14's webhooks.verifyAndReceive (the published Lambda adapter pins Probot
// 13). Junk is refused before anything is loaded; the secrets come from Secrets Manager
// (PRENV_SECRET_ARN) once per container, or from the environment.
import { checkDelivery } from "../core/webhook-delivery.ts";
import { receiveDelivery } from "./app.ts";
import { type AppRuntime, appRuntime } from "./runtime.ts";
import { secretsFromEnv, secretsFromSecretsManager } from "./secrets.ts";

export interface HttpEvent {
  readonly version?: string;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
  readonly httpMethod?: string;
  readonly requestContext?: { readonly http?: { readonly method?: string } };
}

export interface HttpResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

let runtime: Promise<AppRuntime> | undefined;

/** Once per container; a failure is not cached, so the next delivery tries again. */
function loadRuntime(): Promise<AppRuntime> {
  runtime ??= (async () => {
    const arn = process.env["PRENV_SECRET_ARN"];
    const secrets = arn ? await secretsFromSecretsManager(arn) : await secretsFromEnv(process.env);
    return appRuntime(secrets, process.env);
  })().catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

const result = (statusCode: number, body: string): HttpResult => ({ statusCode, headers: { "content-type": "application/json" }, body });

export async function handler(event: HttpEvent): Promise<HttpResult> {
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value ?? undefined]));
  const body = Buffer.from(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
  const method = event.requestContext?.http?.method ?? event.httpMethod ?? "POST";
  const check = checkDelivery({ method, headers, bodyBytes: body.length });
  if (!check.ok) return result(check.status, JSON.stringify({ error: check.message }));
  const answer = await receiveDelivery((await loadRuntime()).probot, { method, headers, body });
  return result(answer.status, answer.body);
}

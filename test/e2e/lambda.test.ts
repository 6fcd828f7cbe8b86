// The Lambda handler with Function URL and API Gateway events: a good signature is received, a
// bad or missing one is a 4xx with no request anywhere, base64 bodies are decoded, and the App's
// secrets come from Secrets Manager once per container.
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GitHubStandin } from "../../src/github/standin.ts";
import { APP_ID, deliveryHeaders, fromRepo, PRIVATE_KEY, WEBHOOK_SECRET } from "../helpers/app.ts";
import { prComment } from "../helpers/webhooks.ts";

let github: GitHubStandin;
const secretsManager = mockClient(SecretsManagerClient);

beforeAll(async () => {
  github = new GitHubStandin("acme/shop");
  github.addPullRequest({ number: 42, headSha: "a".repeat(40) });
  Object.assign(process.env, { GITHUB_API_URL: await github.start(), LOG_LEVEL: "fatal", AWS_REGION: "us-east-1" });
});
afterAll(async () => github.stop());
beforeEach(() => {
  vi.resetModules();
  secretsManager.reset();
  delete process.env["PRENV_SECRET_ARN"];
  Object.assign(process.env, { APP_ID, PRIVATE_KEY, WEBHOOK_SECRET });
});

const loadHandler = async () => (await import("../../src/app/lambda.ts")).handler;

/** `/help` on PR 42: the App answers with a reply, so a received delivery is visible on GitHub. */
function helpDelivery() {
  const posted = github.addComment(42, "/help", "someone");
  const payload = fromRepo(prComment("/help", { login: "someone" }));
  payload["issue"].number = 42;
  payload["comment"].id = posted.id;
  const body = JSON.stringify(payload);
  return { body, headers: deliveryHeaders("issue_comment", body), commentId: posted.id };
}

/** Function URL and API Gateway HTTP API (payload 2.0) events look the same; headers arrive lower-cased. */
const functionUrlEvent = (headers: Record<string, string>, body: string, base64 = false) => ({
  version: "2.0",
  rawPath: "/",
  headers,
  requestContext: { http: { method: "POST", path: "/" } },
  body: base64 ? Buffer.from(body).toString("base64") : body,
  isBase64Encoded: base64,
});

/** API Gateway payload 1.0: the method on top, headers as the client sent them. */
const apiGatewayV1Event = (headers: Record<string, string>, body: string) => ({
  version: "1.0",
  httpMethod: "POST",
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.replace(/(^|-)\w/g, (c) => c.toUpperCase()), v])),
  body,
  isBase64Encoded: false,
});

describe("the Lambda handler", () => {
  it("receives a Function URL event with a good signature", async () => {
    const handler = await loadHandler();
    const delivery = helpDelivery();
    const result = await handler(functionUrlEvent(delivery.headers, delivery.body));
    expect(result).toEqual({ statusCode: 200, headers: { "content-type": "application/json" }, body: '{"ok":true,"message":"received"}' });
    expect(github.reactions.filter((r) => r.commentId === delivery.commentId).map((r) => r.content)).toEqual(["eyes", "rocket"]);
  });

  it("decodes a base64 body", async () => {
    const handler = await loadHandler();
    const delivery = helpDelivery();
    expect((await handler(functionUrlEvent(delivery.headers, delivery.body, true))).statusCode).toBe(200);
    expect(github.reactions.filter((r) => r.commentId === delivery.commentId)).toHaveLength(2);
  });

  it("takes API Gateway payload 1.0 events with mixed-case headers", async () => {
    const handler = await loadHandler();
    const delivery = helpDelivery();
    expect((await handler(apiGatewayV1Event(delivery.headers, delivery.body))).statusCode).toBe(200);
  });

  it.each([
    ["a missing signature", (h: Record<string, string>) => ({ ...h, "x-hub-signature-256": "" }), 401],
    ["a wrong signature", (h: Record<string, string>) => ({ ...h, "x-hub-signature-256": `sha256=${"f".repeat(64)}` }), 401],
    ["a wrong content type", (h: Record<string, string>) => ({ ...h, "content-type": "text/plain" }), 415],
    ["no event name", (h: Record<string, string>) => ({ ...h, "x-github-event": "" }), 400],
  ])("refuses %s with a 4xx, reaching nothing", async (_case, tamper, status) => {
    const handler = await loadHandler();
    const delivery = helpDelivery();
    const seen = github.requests.length;
    expect((await handler(functionUrlEvent(tamper(delivery.headers), delivery.body))).statusCode).toBe(status);
    expect(github.requests.length).toBe(seen);
  });

  it("reads the App's secrets from Secrets Manager once per container", async () => {
    delete process.env["APP_ID"];
    delete process.env["PRIVATE_KEY"];
    delete process.env["WEBHOOK_SECRET"];
    process.env["PRENV_SECRET_ARN"] = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prenv-app-AbCdEf";
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ appId: Number(APP_ID), privateKey: PRIVATE_KEY, webhookSecret: WEBHOOK_SECRET }) });
    const handler = await loadHandler();
    for (let i = 0; i < 2; i++) {
      const delivery = helpDelivery();
      expect((await handler(functionUrlEvent(delivery.headers, delivery.body))).statusCode).toBe(200);
    }
    expect(secretsManager.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toEqual([{ SecretId: process.env["PRENV_SECRET_ARN"] }]);
  });

  it("refuses junk before loading any secret", async () => {
    process.env["PRENV_SECRET_ARN"] = "arn:aws:secretsmanager:us-east-1:111122223333:secret:prenv-app-AbCdEf";
    const handler = await loadHandler();
    expect((await handler(functionUrlEvent({ "content-type": "application/json" }, "{}"))).statusCode).toBe(401);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toEqual([]);
  });
});

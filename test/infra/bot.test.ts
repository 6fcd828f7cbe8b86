// infra/bot, the App's own stack, under Pulumi's mocks: what the role may do, the public webhook
// URL, and the App's secrets kept out of every plaintext input.
import { beforeAll, describe, expect, it } from "vitest";
import { BOT_ACTIONS, program } from "../../infra/bot/program.ts";
import { runSandboxed, type SandboxRun } from "../../src/pulumi/sandbox.ts";
import { isSecret, walk } from "../helpers/stack.ts";
import { PRIVATE_KEY, WEBHOOK_SECRET } from "../helpers/app.ts";

let bot: SandboxRun;
const one = (type: string) => {
  const found = bot.resources.filter((r) => r.type === type);
  expect(found).toHaveLength(1);
  return found[0]!.inputs as Record<string, any>;
};

beforeAll(async () => {
  bot = await runSandboxed({
    project: "prenv-bot",
    stack: "prod",
    config: {
      "prenv-bot:appId": "12345",
      "prenv-bot:privateKey": PRIVATE_KEY,
      "prenv-bot:webhookSecret": WEBHOOK_SECRET,
      "prenv-bot:ttl": "48h",
      "prenv-bot:bundle": "dist/lambda.js",
      "aws:region": "eu-west-1",
    },
    secretKeys: ["prenv-bot:privateKey", "prenv-bot:webhookSecret"],
    program,
  });
});

describe("infra/bot", () => {
  it("allows the App's role exactly the actions it uses, and ModifyListener only on prenv's listeners", () => {
    const policy = JSON.parse(one("aws:iam/rolePolicy:RolePolicy").policy as string) as { Statement: { Action: string[]; Resource: string; Condition?: unknown }[] };
    const actions = policy.Statement.flatMap((s) => s.Action);
    expect([...actions].sort()).toEqual([...BOT_ACTIONS].sort());
    const modify = policy.Statement.find((s) => s.Action.includes("elasticloadbalancing:ModifyListener"))!;
    expect(modify).toMatchObject({
      Resource: "arn:aws:elasticloadbalancing:*:*:listener/app/pr*/*",
      Condition: { StringLike: { "aws:ResourceTag/prenv:stack": "pr-*" } },
    });
    const secret = policy.Statement.find((s) => s.Action.includes("secretsmanager:GetSecretValue"))!;
    expect(secret.Resource).toBe(bot.resources.find((r) => r.type === "aws:secretsmanager/secret:Secret")!.state["arn"]);
    const wildcards = policy.Statement.filter((s) => s.Resource === "*").flatMap((s) => s.Action).sort();
    expect(wildcards).toEqual(["elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTargetHealth", "tag:GetResources"]);
  });

  it("serves the webhook from a public Function URL of the bundled handler on Node 24", () => {
    const fn = one("aws:lambda/function:Function");
    expect(fn).toMatchObject({ runtime: "nodejs24.x", handler: "index.handler", architectures: ["arm64"] });
    expect(one("aws:lambda/functionUrl:FunctionUrl")).toEqual({ functionName: fn.name, authorizationType: "NONE" });
    expect(bot.outputs["webhookUrl"]).toMatch(/^https:\/\/[0-9a-f]{32}\.lambda-url\.eu-west-1\.on\.aws\/$/);
  });

  it("keeps the App's secrets in Secrets Manager, secret in the state, and nowhere in plaintext", () => {
    expect(isSecret(one("aws:secretsmanager/secretVersion:SecretVersion").secretString)).toBe(true);
    const env = one("aws:lambda/function:Function").environment.variables as Record<string, string>;
    expect(env).toEqual({
      PRENV_SECRET_ARN: bot.resources.find((r) => r.type === "aws:secretsmanager/secret:Secret")!.state["arn"],
      PRENV_WORKFLOW: "preview.yml",
      PRENV_TTL: "48h",
      LOG_LEVEL: "info",
    });
    const leaks: string[] = [];
    for (const resource of bot.resources) {
      walk(resource.inputs, (path, leaf, insideSecret) => {
        if (typeof leaf === "string" && !insideSecret && (leaf.includes("PRIVATE KEY") || leaf.includes(WEBHOOK_SECRET))) leaks.push(`${resource.name}.${path}`);
      });
    }
    expect(leaks).toEqual([]);
  });

  it("keeps its logs for a set time", () => {
    expect(one("aws:cloudwatch/logGroup:LogGroup")).toMatchObject({ name: "/aws/lambda/prenv-bot-prod", retentionInDays: 14 });
    expect(one("aws:lambda/function:Function").loggingConfig).toEqual({ logFormat: "Text", logGroup: "/aws/lambda/prenv-bot-prod" });
  });
});

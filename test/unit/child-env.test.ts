import { describe, expect, it } from "vitest";
import { childEnv, secretValues, withheldFromChild } from "../../src/core/child-env.ts";

describe("the test command's environment", () => {
  it("withholds the runner's OIDC, runtime, cache and results variables and the Action's inputs", () => {
    for (const name of ["ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_CACHE_URL", "ACTIONS_RESULTS_URL", "INPUT_GITHUB-TOKEN", "INPUT_AWS-REGION"]) {
      expect(withheldFromChild(name), name).toBe(true);
    }
    for (const name of ["PATH", "HOME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "GITHUB_REPOSITORY", "ACTIONS_STEP_DEBUG", "MY_INPUT_DIR"]) {
      expect(withheldFromChild(name), name).toBe(false);
    }
  });

  it("keeps the rest, drops unset values and puts prenv's own variables on top", () => {
    expect(childEnv({ PATH: "/bin", ACTIONS_RUNTIME_TOKEN: "x", "INPUT_GITHUB-TOKEN": "y", GONE: undefined, PREVIEW_URL: "old" }, { PREVIEW_URL: "http://app" })).toEqual({
      PATH: "/bin",
      PREVIEW_URL: "http://app",
    });
  });

  it("names as secret the values of variables called like credentials, 8 characters or longer", () => {
    expect(
      secretValues({
        AWS_SECRET_ACCESS_KEY: "aws-secret-value",
        AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
        npm_token: "npm-token-value",
        DB_PASSWORD: "hunter22",
        SIGNING_PRIVATE_KEY: "-----BEGIN",
        STRIPE_API_KEY: "sk_test_123456",
        PULUMI_CONFIG_PASSPHRASE: "correct horse",
        GOOGLE_CREDENTIALS: '{"type":"service_account"}',
        ENCRYPTION_KEY: "0123456789abcdef",
        KEYBOARD_LAYOUT: "us-intl-alt",
        SHORT_SECRET: "1234567",
        PATH: "/usr/local/bin:/usr/bin",
        UNSET_TOKEN: undefined,
      }),
    ).toEqual([
      "aws-secret-value",
      "AKIDEXAMPLE",
      "npm-token-value",
      "hunter22",
      "-----BEGIN",
      "sk_test_123456",
      "correct horse",
      '{"type":"service_account"}',
      "0123456789abcdef",
    ]);
  });
});

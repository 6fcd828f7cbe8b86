import { describe, expect, it } from "vitest";
import { ecrRepositoryArn, isImageReference } from "../../src/core/image.ts";

describe("isImageReference", () => {
  it.each([
    "nginx",
    "nginx:1.27",
    "library/nginx:stable-alpine",
    "public.ecr.aws/nginx/nginx:stable-alpine",
    "ghcr.io/acme/shop:sha-0123abc",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/shop:v1.2.3",
    "localhost:5000/shop",
    "registry.example.com:443/a/b/c:latest",
    "[::1]:5000/shop:dev",
    `ghcr.io/acme/shop@sha256:${"a".repeat(64)}`,
    `ghcr.io/acme/shop:1.0@sha256:${"0123456789abcdef".repeat(4)}`,
    "my_org/my__app--x.y:tag_1.0-rc",
  ])("accepts %s", (ref) => {
    expect(isImageReference(ref)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["upper-case repository", "ghcr.io/Acme/Shop:1"],
    ["a space", "nginx latest"],
    ["a shell metacharacter", "nginx;rm -rf /"],
    ["a tag starting with a dot", "nginx:.hidden"],
    ["a tag over 128 characters", `nginx:${"t".repeat(129)}`],
    ["a short digest", "nginx@sha256:abc"],
    ["a trailing slash", "ghcr.io/acme/"],
    ["two colons", "nginx:1:2"],
    ["a name over 255 characters", `${"a".repeat(256)}:1`],
  ])("rejects %s", (_why, ref) => {
    expect(isImageReference(ref)).toBe(false);
  });
});

describe("ecrRepositoryArn", () => {
  it("finds the ECR repository an image is pulled from", () => {
    expect(ecrRepositoryArn("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/shop:abc")).toBe(
      "arn:aws:ecr:eu-west-1:123456789012:repository/team/shop",
    );
    expect(ecrRepositoryArn(`123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:${"a".repeat(64)}`)).toBe(
      "arn:aws:ecr:us-east-1:123456789012:repository/shop",
    );
    expect(ecrRepositoryArn("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/shop:1")).toBe(
      "arn:aws-cn:ecr:cn-north-1:123456789012:repository/shop",
    );
  });

  it("needs no repository for images from other registries", () => {
    expect(ecrRepositoryArn("public.ecr.aws/nginx/nginx:stable")).toBeUndefined();
    expect(ecrRepositoryArn("ghcr.io/acme/shop:1")).toBeUndefined();
  });
});

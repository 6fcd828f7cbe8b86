// Container image references, checked against the grammar of the OCI distribution reference
// (github.com/distribution/reference, reference.go) so a typo fails in `prenv plan`, not halfway
// through a deploy when ECS cannot pull it.

const alnum = "[a-z0-9]+";
const separator = "(?:[._]|__|-+)";
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = "\\[[a-fA-F0-9:]+\\]";
const domain = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
const tag = "[\\w][\\w.-]{0,127}";
const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;

const REFERENCE = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const NAME_MAX = 255;

export function isImageReference(ref: string): boolean {
  const match = REFERENCE.exec(ref);
  return match !== null && (match[1] ?? "").length <= NAME_MAX;
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;

/**
 * The ECR repository ARN an image is pulled from, or undefined for images outside ECR (public
 * registries need no pull permission). Lets the task execution role pull exactly these images.
 */
export function ecrRepositoryArn(ref: string): string | undefined {
  const match = ECR_IMAGE.exec(ref);
  if (!match) return undefined;
  const [, account, region, repository] = match;
  const partition = ref.includes(".amazonaws.com.cn/") ? "aws-cn" : "aws";
  return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}

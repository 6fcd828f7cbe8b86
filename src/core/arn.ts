// Amazon Resource Names, as far as prenv reads them: which service and kind of resource an ARN is.

export interface Arn {
  /** The whole ARN. */
  readonly text: string;
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the account: `vpc/vpc-1`, `cluster:db`, `regional/webacl/name/id`. */
  readonly resource: string;
  /** `service:type`, e.g. `ec2:vpc`, `rds:cluster`, `wafv2:webacl`. */
  readonly kind: string;
}

export function parseArn(arn: string): Arn | undefined {
  const match = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d*):(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match as unknown as [string, string, string, string, string, string];
  const segments = resource.split(/[:/]/);
  // WAFv2 puts the scope first: regional/webacl/name/id.
  const type = service === "wafv2" ? segments[1] : segments[0];
  return { text: arn, partition, service, region, account, resource, kind: `${service}:${type ?? resource}` };
}

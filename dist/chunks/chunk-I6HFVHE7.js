import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);

// src/core/arn.ts
function parseArn(arn) {
  const match = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d*):(.+)$/.exec(arn);
  if (!match) return void 0;
  const [, partition, service, region, account, resource] = match;
  const segments = resource.split(/[:/]/);
  const type = service === "wafv2" ? segments[1] : segments[0];
  return { text: arn, partition, service, region, account, resource, kind: `${service}:${type ?? resource}` };
}

export {
  parseArn
};

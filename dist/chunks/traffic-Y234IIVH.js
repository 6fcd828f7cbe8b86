import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  require_dist_cjs
} from "./chunk-BRE72VDR.js";
import {
  weightsByColor
} from "./chunk-EDXFSU6A.js";
import "./chunk-UKYYLZV7.js";
import {
  __toESM
} from "./chunk-WKVD46MP.js";

// src/aws/traffic.ts
var import_client_elastic_load_balancing_v2 = __toESM(require_dist_cjs(), 1);
var ElbTraffic = class {
  client;
  constructor(client) {
    this.client = client;
  }
  async weights(_stack, outputs) {
    if (!outputs.listenerArn) return void 0;
    const { Listeners } = await this.client.send(new import_client_elastic_load_balancing_v2.DescribeListenersCommand({ ListenerArns: [outputs.listenerArn] }));
    const groups = Listeners?.[0]?.DefaultActions?.find((action) => action.Type === "forward")?.ForwardConfig?.TargetGroups ?? [];
    return weightsByColor(
      groups.map((g) => ({ arn: g.TargetGroupArn, weight: g.Weight })),
      { blue: outputs.blueTargetGroupArn, green: outputs.greenTargetGroupArn }
    );
  }
};
export {
  ElbTraffic
};

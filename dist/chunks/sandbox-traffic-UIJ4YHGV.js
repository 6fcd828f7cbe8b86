import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import "./chunk-B3BOYHAW.js";
import "./chunk-7KZXUOVC.js";
import {
  weightsByColor
} from "./chunk-EDXFSU6A.js";
import "./chunk-WKVD46MP.js";

// src/pulumi/sandbox-traffic.ts
var SandboxTraffic = class {
  store;
  project;
  constructor(store, project) {
    this.store = store;
    this.project = project;
  }
  async weights(stack, outputs) {
    const state = await this.store.read(this.project, stack);
    const listener = state?.resources.find((r) => r.state["arn"] === outputs.listenerArn);
    const groups = listener?.inputs["defaultActions"]?.[0]?.forward?.targetGroups ?? [];
    return weightsByColor(groups, { blue: outputs.blueTargetGroupArn, green: outputs.greenTargetGroupArn });
  }
};
export {
  SandboxTraffic
};

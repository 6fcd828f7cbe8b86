import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import "./chunk-WKVD46MP.js";

// src/pulumi/sandbox-inspector.ts
var field = (r, key) => r.inputs[key];
var SandboxInspector = class {
  store;
  constructor(store) {
    this.store = store;
  }
  async find(type, match) {
    for (const stack of await this.store.list()) {
      const found = stack.resources.find((r) => r.type === type && match(r));
      if (found) return found;
    }
    return void 0;
  }
  async services(_cluster, services) {
    const state = async (name) => {
      const service = await this.find("aws:ecs/service:Service", (r) => field(r, "name") === name);
      const desired = Number(field(service ?? { inputs: {} }, "desiredCount") ?? 1);
      return service ? { running: desired, desired, deployments: 1 } : void 0;
    };
    return { blue: await state(services.blue), green: await state(services.green) };
  }
  async wafAcl(loadBalancerArn) {
    const association = await this.find("aws:wafv2/webAclAssociation:WebAclAssociation", (r) => field(r, "resourceArn") === loadBalancerArn);
    return { value: association?.inputs["webAclArn"] ?? null };
  }
  async alarms(names) {
    const found = [];
    for (const name of names) if (await this.find("aws:cloudwatch/metricAlarm:MetricAlarm", (r) => field(r, "name") === name)) found.push(name);
    return { value: found };
  }
  async dashboard(name) {
    return { value: await this.find("aws:cloudwatch/dashboard:Dashboard", (r) => field(r, "dashboardName") === name) !== void 0 };
  }
  async database(clusterIdentifier) {
    const cluster = await this.find("aws:rds/cluster:Cluster", (r) => field(r, "clusterIdentifier") === clusterIdentifier);
    return { value: cluster ? { status: "available", encrypted: field(cluster, "storageEncrypted") === true } : null };
  }
  async logRetentionDays(logGroup) {
    const group = await this.find("aws:cloudwatch/logGroup:LogGroup", (r) => field(r, "name") === logGroup);
    return { value: group ? field(group, "retentionInDays") ?? null : null };
  }
  async scanOnPush(repository) {
    const repo = await this.find("aws:ecr/repository:Repository", (r) => field(r, "name") === repository);
    return { value: repo ? field(repo, "imageScanningConfiguration")?.scanOnPush === true : null };
  }
  async containerInsights(cluster) {
    const found = await this.find("aws:ecs/cluster:Cluster", (r) => field(r, "name") === cluster);
    const settings = found ? field(found, "settings") : void 0;
    return { value: found ? settings?.some((s) => s.name === "containerInsights" && s.value !== "disabled") === true : null };
  }
};
export {
  SandboxInspector
};

import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  program,
  require_pulumi
} from "./chunk-U3YDLUO7.js";
import {
  STACK_OUTPUT_KEYS
} from "./chunk-3IBA37ZF.js";
import "./chunk-4O2OTYLT.js";
import {
  cloudResources
} from "./chunk-Z5YON4TU.js";
import "./chunk-I6HFVHE7.js";
import "./chunk-SGK2CS55.js";
import {
  __toESM
} from "./chunk-WKVD46MP.js";

// src/pulumi/sandbox.ts
var pulumi = __toESM(require_pulumi(), 1);

// src/pulumi/mock-cloud.ts
import { createHash } from "node:crypto";
var SIMULATED_ACCOUNT = "123456789012";
var str = (value, fallback) => typeof value === "string" && value !== "" ? value : fallback;
var arn = (service, region, resource) => `arn:aws:${service}:${region}:${SIMULATED_ACCOUNT}:${resource}`;
var uuid = (r) => {
  const h = r.hex(32);
  return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
};
var loadBalancerPart = (lbArn) => str(lbArn, "").split(":loadbalancer/")[1] ?? "app/unknown/0";
var COMPUTED = {
  "aws:ec2/vpc:Vpc": (r) => ({ id: `vpc-${r.hex(17)}`, arn: arn("ec2", r.region, `vpc/vpc-${r.hex(17)}`) }),
  "aws:ec2/subnet:Subnet": (r) => ({ id: `subnet-${r.hex(17)}` }),
  "aws:ec2/internetGateway:InternetGateway": (r) => ({ id: `igw-${r.hex(17)}` }),
  "aws:ec2/routeTable:RouteTable": (r) => ({ id: `rtb-${r.hex(17)}` }),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": (r) => ({ id: `rtbassoc-${r.hex(17)}` }),
  "aws:ec2/eip:Eip": (r) => ({
    id: `eipalloc-${r.hex(17)}`,
    publicIp: `198.51.100.${parseInt(r.hex(2), 16) % 254 + 1}`
  }),
  "aws:ec2/natGateway:NatGateway": (r) => ({ id: `nat-${r.hex(17)}` }),
  "aws:ec2/securityGroup:SecurityGroup": (r) => ({ id: `sg-${r.hex(17)}` }),
  "aws:lb/loadBalancer:LoadBalancer": (r) => {
    const name = str(r.inputs["name"], r.name);
    const suffix = `app/${name}/${r.hex(16)}`;
    return {
      arn: arn("elasticloadbalancing", r.region, `loadbalancer/${suffix}`),
      arnSuffix: suffix,
      dnsName: `${name}-${parseInt(r.hex(8), 16)}.${r.region}.elb.amazonaws.com`,
      zoneId: "Z35SXDOTRQ7X7K"
    };
  },
  "aws:lb/targetGroup:TargetGroup": (r) => {
    const suffix = `targetgroup/${str(r.inputs["name"], r.name)}/${r.hex(16)}`;
    return { arn: arn("elasticloadbalancing", r.region, suffix), arnSuffix: suffix };
  },
  "aws:lb/listener:Listener": (r) => ({
    arn: arn("elasticloadbalancing", r.region, `listener/${loadBalancerPart(r.inputs["loadBalancerArn"])}/${r.hex(16)}`)
  }),
  "aws:ecs/cluster:Cluster": (r) => ({ arn: arn("ecs", r.region, `cluster/${str(r.inputs["name"], r.name)}`) }),
  "aws:ecs/taskDefinition:TaskDefinition": (r) => {
    const family = str(r.inputs["family"], r.name);
    return {
      arn: arn("ecs", r.region, `task-definition/${family}:1`),
      arnWithoutRevision: arn("ecs", r.region, `task-definition/${family}`),
      revision: 1
    };
  },
  "aws:ecs/service:Service": (r) => ({
    id: arn("ecs", r.region, `service/${str(r.inputs["cluster"], "cluster").split("/").pop()}/${str(r.inputs["name"], r.name)}`)
  }),
  "aws:rds/cluster:Cluster": (r) => {
    const id = str(r.inputs["clusterIdentifier"], r.name);
    const host = `cluster-${r.hex(12)}.${r.region}.rds.amazonaws.com`;
    return {
      id,
      arn: arn("rds", r.region, `cluster:${id}`),
      endpoint: `${id}.${host}`,
      readerEndpoint: `${id}.${host.replace("cluster-", "cluster-ro-")}`,
      port: 3306,
      masterUserSecrets: r.inputs["manageMasterUserPassword"] ? [{ secretArn: arn("secretsmanager", r.region, `secret:rds!cluster-${uuid(r)}-${r.hex(6)}`), secretStatus: "active" }] : []
    };
  },
  "aws:rds/clusterInstance:ClusterInstance": (r) => {
    const id = str(r.inputs["identifier"], r.name);
    return { id, arn: arn("rds", r.region, `db:${id}`), endpoint: `${id}.${r.hex(12)}.${r.region}.rds.amazonaws.com` };
  },
  "aws:rds/subnetGroup:SubnetGroup": (r) => ({ id: str(r.inputs["name"], r.name) }),
  "aws:ecr/repository:Repository": (r) => {
    const name = str(r.inputs["name"], r.name);
    return {
      id: name,
      arn: arn("ecr", r.region, `repository/${name}`),
      repositoryUrl: `${SIMULATED_ACCOUNT}.dkr.ecr.${r.region}.amazonaws.com/${name}`,
      registryId: SIMULATED_ACCOUNT
    };
  },
  "aws:wafv2/webAcl:WebAcl": (r) => {
    const id = uuid(r);
    return { id, arn: arn("wafv2", r.region, `regional/webacl/${str(r.inputs["name"], r.name)}/${id}`) };
  },
  "aws:secretsmanager/secret:Secret": (r) => {
    const secretArn = arn("secretsmanager", r.region, `secret:${str(r.inputs["name"], r.name)}-${r.hex(6)}`);
    return { id: secretArn, arn: secretArn };
  },
  "aws:ssm/parameter:Parameter": (r) => ({
    id: str(r.inputs["name"], r.name),
    arn: arn("ssm", r.region, `parameter${str(r.inputs["name"], `/${r.name}`)}`)
  }),
  "aws:iam/role:Role": (r) => ({
    id: str(r.inputs["name"], r.name),
    arn: `arn:aws:iam::${SIMULATED_ACCOUNT}:role/${str(r.inputs["name"], r.name)}`
  }),
  "aws:cloudwatch/logGroup:LogGroup": (r) => ({
    id: str(r.inputs["name"], r.name),
    arn: arn("logs", r.region, `log-group:${str(r.inputs["name"], r.name)}`)
  }),
  "aws:cloudwatch/dashboard:Dashboard": (r) => ({
    id: str(r.inputs["dashboardName"], r.name),
    dashboardArn: `arn:aws:cloudwatch::${SIMULATED_ACCOUNT}:dashboard/${str(r.inputs["dashboardName"], r.name)}`
  }),
  "aws:cloudwatch/metricAlarm:MetricAlarm": (r) => ({
    id: str(r.inputs["name"], r.name),
    arn: arn("cloudwatch", r.region, `alarm:${str(r.inputs["name"], r.name)}`)
  }),
  "aws:lambda/function:Function": (r) => {
    const name = str(r.inputs["name"], r.name);
    const fnArn = arn("lambda", r.region, `function:${name}`);
    return { id: name, arn: fnArn, invokeArn: `arn:aws:apigateway:${r.region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`, version: "$LATEST" };
  },
  "aws:lambda/functionUrl:FunctionUrl": (r) => ({ functionUrl: `https://${r.hex(32)}.lambda-url.${r.region}.on.aws/`, urlId: r.hex(32) }),
  "random:index/randomPassword:RandomPassword": (r) => ({ result: `simulated-${r.hex(40)}` })
};
var INVOKES = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": (region) => ({
    names: ["a", "b", "c"].map((zone) => `${region}${zone}`),
    zoneIds: [1, 2, 3].map((n) => `use1-az${n}`)
  }),
  "aws:index/getRegion:getRegion": (region) => ({ name: region, region, id: region }),
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: SIMULATED_ACCOUNT,
    arn: `arn:aws:iam::${SIMULATED_ACCOUNT}:user/simulated`,
    userId: "SIMULATED"
  }),
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" })
};
function mockCloud(stack, region) {
  return {
    newResource(args) {
      const hex = (length) => createHash("sha256").update(`${stack}\0${args.type}\0${args.name}`).digest("hex").slice(0, length);
      const inputs = args.inputs;
      const computed = COMPUTED[args.type]?.({ name: args.name, inputs, region, hex }) ?? {};
      const { id, ...fields } = computed;
      const resourceArn = fields["arn"];
      return {
        id: id ?? (typeof resourceArn === "string" ? resourceArn : `${args.name}-${hex(8)}`),
        state: { ...inputs, ...fields, tagsAll: inputs["tags"] }
      };
    },
    call(args) {
      const invoke = INVOKES[args.token];
      if (!invoke) throw new Error(`the prenv sandbox cannot simulate ${args.token}; add it to src/pulumi/mock-cloud.ts`);
      return invoke(region);
    }
  };
}

// src/pulumi/sandbox.ts
var ROOT_STACK = "pulumi:pulumi:Stack";
var queue = Promise.resolve();
function runSandboxed(options) {
  const run = queue.then(() => runOnce(options));
  queue = run.catch(() => void 0);
  return run;
}
async function runOnce({ project, stack, config, secretKeys, program: program2 }) {
  const region = config["aws:region"] ?? "us-east-1";
  const cloud = mockCloud(stack, region);
  const registered = [];
  const declared = /* @__PURE__ */ new Map();
  const refs = /* @__PURE__ */ new WeakMap();
  const key2 = (ref) => `${ref.type}::${ref.name}`;
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const result = cloud.newResource(args);
        registered.push({
          type: args.type,
          name: args.name,
          id: result.id ?? "",
          custom: args.custom ?? true,
          inputs: args.inputs,
          state: result.state
        });
        return result;
      },
      call: (args) => cloud.call(args)
    },
    project,
    stack,
    false
  );
  pulumi.runtime.setAllConfig({ ...config }, [...secretKeys ?? []]);
  try {
    const outputs = await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        const ref = { type: args.type, name: args.name };
        refs.set(args.resource, ref);
        const parent = args.opts.parent ? refs.get(args.opts.parent) : void 0;
        declared.set(key2(ref), {
          ...parent && parent.type !== ROOT_STACK ? { parent } : {},
          ignoreChanges: args.opts.ignoreChanges ?? []
        });
        return void 0;
      });
      return program2();
    });
    await pulumi.runtime.disconnect();
    return {
      outputs: outputs ?? {},
      resources: registered.filter((resource) => resource.type !== ROOT_STACK).map((resource) => ({ ...resource, ignoreChanges: [], ...declared.get(key2(resource)) }))
    };
  } finally {
    pulumi.runtime.disconnectSync();
  }
}

// src/pulumi/sandbox-engine.ts
var SANDBOX_FAULTS = ["up-crash", "destroy-dependency", "destroy-leak"];
var key = (resource) => `${resource.type}::${resource.name}`;
function keepIgnored(next, before) {
  if (!before || next.ignoreChanges.length === 0) return next;
  const inputs = { ...next.inputs };
  const state = { ...next.state };
  for (const property of next.ignoreChanges) {
    if (property in before.inputs) inputs[property] = before.inputs[property];
    if (property in before.state) state[property] = before.state[property];
  }
  return { ...next, inputs, state };
}
var toOutputs = (values) => Object.fromEntries(STACK_OUTPUT_KEYS.map((k) => [k, typeof values[k] === "string" ? values[k] : ""]));
var changedInputs = (before, after) => Object.keys({ ...before.inputs, ...after.inputs }).filter((p) => JSON.stringify(before.inputs[p]) !== JSON.stringify(after.inputs[p]));
var SandboxEngine = class {
  simulated = true;
  options;
  constructor(options) {
    this.options = options;
  }
  async deploy(stack, config, onOutput) {
    const { project, store, clock } = this.options;
    return store.withLock(project, stack, this.lockOptions(), async () => {
      onOutput(`Updating (${stack}), simulated by the prenv sandbox: nothing is created in AWS`);
      const before = await store.read(project, stack);
      const run = await (this.options.run ?? runSandboxed)({ project, stack, config, program });
      if (this.options.delayMs) await clock.sleep(this.options.delayMs);
      const previous = new Map((before?.resources ?? []).map((r) => [key(r), r]));
      const resources = run.resources.map((r) => keepIgnored(r, previous.get(key(r))));
      if (this.options.fault?.("up-crash", stack)) {
        const made = resources.slice(0, Math.ceil(resources.length / 2));
        const kept = (before?.resources ?? []).filter((r) => !made.some((m) => key(m) === key(r)));
        onOutput(` +  ${made.length} resources created or updated before the crash`);
        await store.write({ project, stack, updatedAt: clock.now().toISOString(), config, outputs: before?.outputs ?? toOutputs({}), resources: [...kept, ...made] });
        throw new Error("pulumi up stopped halfway: the engine process was killed (simulated crash)");
      }
      const counts = { created: 0, updated: 0, deleted: 0, unchanged: 0 };
      for (const resource of resources.filter((r) => r.custom)) {
        const old = previous.get(key(resource));
        previous.delete(key(resource));
        const changed = old ? changedInputs(old, resource) : [];
        if (!old) {
          counts.created++;
          onOutput(` +  ${resource.type} ${resource.name} created`);
        } else if (changed.length > 0) {
          counts.updated++;
          onOutput(` ~  ${resource.type} ${resource.name} updated [diff: ~${changed.join(",~")}]`);
        } else counts.unchanged++;
      }
      for (const gone of [...previous.values()].filter((r) => r.custom)) {
        counts.deleted++;
        onOutput(` -  ${gone.type} ${gone.name} deleted`);
      }
      onOutput(`Resources: ${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted, ${counts.unchanged} unchanged`);
      const outputs = toOutputs(run.outputs);
      await store.write({ project, stack, updatedAt: clock.now().toISOString(), config, outputs, resources });
      return { outputs, resources: resources.filter((r) => r.custom) };
    });
  }
  async destroy(stack, onOutput) {
    const { project, store, clock } = this.options;
    return store.withLock(project, stack, this.lockOptions(), async () => {
      const before = await store.read(project, stack);
      if (!before) {
        onOutput(`stack ${stack} does not exist in the sandbox: nothing to destroy`);
        return false;
      }
      if (this.options.delayMs) await clock.sleep(this.options.delayMs);
      if (this.options.fault?.("destroy-dependency", stack)) {
        const subnet = before.resources.find((r) => r.type === "aws:ec2/subnet:Subnet")?.id ?? "subnet-0";
        throw new Error(
          `deleting urn:pulumi:${stack}::${project}::aws:ec2/subnet:Subnet: operation error EC2: DeleteSubnet, api error DependencyViolation: The subnet '${subnet}' has dependencies and cannot be deleted. (simulated)`
        );
      }
      const cloud = before.resources.filter((r) => r.custom);
      const leaked = this.options.fault?.("destroy-leak", stack) ? cloudResources(stack, cloud).slice(-1) : [];
      if (leaked.length > 0) await store.setOrphans(project, [...await store.orphans(project), ...leaked]);
      for (const resource of [...cloud].reverse()) onOutput(` -  ${resource.type} ${resource.name} deleted`);
      onOutput(`Resources: ${cloud.length} deleted (simulated by the prenv sandbox)`);
      return store.remove(project, stack);
    });
  }
  async listStacks() {
    const stacks = await this.options.store.list();
    return stacks.filter((s) => s.project === this.options.project).map((s) => ({ name: s.stack, updatedAt: s.updatedAt }));
  }
  async outputs(stack) {
    return (await this.options.store.read(this.options.project, stack))?.outputs;
  }
  lockOptions() {
    return { clock: this.options.clock, ...this.options.lockTimeoutMs !== void 0 ? { timeoutMs: this.options.lockTimeoutMs } : {} };
  }
};
export {
  SANDBOX_FAULTS,
  SandboxEngine
};

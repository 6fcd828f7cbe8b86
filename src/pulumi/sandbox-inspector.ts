// The Inspector over the sandbox's "cloud": the same facts, read from the resources the stack
// program declared. Services count as steady and scaled to their desired count (nothing runs).
import type { Fact, ServiceState } from "../core/checks.ts";
import type { Color } from "../core/naming.ts";
import type { Inspector } from "../ports.ts";
import type { SimulatedResource } from "./sandbox.ts";
import type { SandboxStore } from "./sandbox-store.ts";

const field = (r: SimulatedResource, key: string) => r.inputs[key];

export class SandboxInspector implements Inspector {
  private readonly store: SandboxStore;

  constructor(store: SandboxStore) {
    this.store = store;
  }

  private async find(type: string, match: (r: SimulatedResource) => boolean): Promise<SimulatedResource | undefined> {
    for (const stack of await this.store.list()) {
      const found = stack.resources.find((r) => r.type === type && match(r));
      if (found) return found;
    }
    return undefined;
  }

  async services(_cluster: string, services: Readonly<Record<Color, string>>): Promise<Record<Color, ServiceState | undefined>> {
    const state = async (name: string): Promise<ServiceState | undefined> => {
      const service = await this.find("aws:ecs/service:Service", (r) => field(r, "name") === name);
      const desired = Number(field(service ?? ({ inputs: {} } as SimulatedResource), "desiredCount") ?? 1);
      return service ? { running: desired, desired, deployments: 1 } : undefined;
    };
    return { blue: await state(services.blue), green: await state(services.green) };
  }

  async wafAcl(loadBalancerArn: string): Promise<Fact<string | null>> {
    const association = await this.find("aws:wafv2/webAclAssociation:WebAclAssociation", (r) => field(r, "resourceArn") === loadBalancerArn);
    return { value: (association?.inputs["webAclArn"] as string | undefined) ?? null };
  }

  async alarms(names: readonly string[]): Promise<Fact<readonly string[]>> {
    const found: string[] = [];
    for (const name of names) if (await this.find("aws:cloudwatch/metricAlarm:MetricAlarm", (r) => field(r, "name") === name)) found.push(name);
    return { value: found };
  }

  async dashboard(name: string): Promise<Fact<boolean>> {
    return { value: (await this.find("aws:cloudwatch/dashboard:Dashboard", (r) => field(r, "dashboardName") === name)) !== undefined };
  }

  async database(clusterIdentifier: string): Promise<Fact<{ status: string; encrypted: boolean } | null>> {
    const cluster = await this.find("aws:rds/cluster:Cluster", (r) => field(r, "clusterIdentifier") === clusterIdentifier);
    return { value: cluster ? { status: "available", encrypted: field(cluster, "storageEncrypted") === true } : null };
  }

  async logRetentionDays(logGroup: string): Promise<Fact<number | null>> {
    const group = await this.find("aws:cloudwatch/logGroup:LogGroup", (r) => field(r, "name") === logGroup);
    return { value: group ? ((field(group, "retentionInDays") as number | undefined) ?? null) : null };
  }

  async scanOnPush(repository: string): Promise<Fact<boolean | null>> {
    const repo = await this.find("aws:ecr/repository:Repository", (r) => field(r, "name") === repository);
    return { value: repo ? (field(repo, "imageScanningConfiguration") as { scanOnPush?: boolean } | undefined)?.scanOnPush === true : null };
  }

  async containerInsights(cluster: string): Promise<Fact<boolean | null>> {
    const found = await this.find("aws:ecs/cluster:Cluster", (r) => field(r, "name") === cluster);
    const settings = (found ? field(found, "settings") : undefined) as { name: string; value: string }[] | undefined;
    return { value: found ? settings?.some((s) => s.name === "containerInsights" && s.value !== "disabled") === true : null };
  }
}

// The VPC a PR's environment lives in, and the security groups that say who may talk to whom:
// internet -> ALB (80, 8080) -> app (containerPort) -> database (3306). Nothing else gets in.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackContext } from "../context.ts";

export interface NetworkArgs {
  readonly context: StackContext;
  readonly containerPort: number;
}

const VPC_CIDR = "10.0.0.0/16";
const publicCidr = (az: number) => `10.0.${az * 16}.0/20`;
const privateCidr = (az: number) => `10.0.${128 + az * 16}.0/20`;
export const DB_PORT = 3306;

export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly availabilityZones: pulumi.Output<string>[];
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly albSecurityGroupId: pulumi.Output<string>;
  readonly appSecurityGroupId: pulumi.Output<string>;
  readonly dbSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prenv:network:Network", name, {}, opts);
    const { context: ctx } = args;
    const parent = { parent: this };
    const azCount = ctx.profile.availabilityZones;

    // Only zones every account can use: local and wavelength zones are opt-in.
    const zones = aws.getAvailabilityZonesOutput(
      { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
      parent,
    );
    this.availabilityZones = Array.from({ length: azCount }, (_, az) =>
      zones.names.apply((names) => {
        const zone = names[az];
        if (zone === undefined) {
          throw new Error(`${ctx.config.region} has ${names.length} availability zones; the ${ctx.config.profile} profile needs ${azCount}`);
        }
        return zone;
      }),
    );

    const vpc = new aws.ec2.Vpc(
      "vpc",
      { cidrBlock: VPC_CIDR, enableDnsHostnames: true, enableDnsSupport: true, tags: ctx.tags("vpc") },
      parent,
    );
    this.vpcId = vpc.id;
    const igw = new aws.ec2.InternetGateway("igw", { vpcId: vpc.id, tags: ctx.tags("igw") }, parent);

    const publicSubnets = this.availabilityZones.map(
      (zone, az) =>
        new aws.ec2.Subnet(
          `public-${az}`,
          {
            vpcId: vpc.id,
            cidrBlock: publicCidr(az),
            availabilityZone: zone,
            mapPublicIpOnLaunch: false,
            tags: ctx.tags(`public-${az}`),
          },
          parent,
        ),
    );
    const privateSubnets = this.availabilityZones.map(
      (zone, az) =>
        new aws.ec2.Subnet(
          `private-${az}`,
          { vpcId: vpc.id, cidrBlock: privateCidr(az), availabilityZone: zone, tags: ctx.tags(`private-${az}`) },
          parent,
        ),
    );
    this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);
    this.privateSubnetIds = privateSubnets.map((subnet) => subnet.id);

    const publicRoutes = new aws.ec2.RouteTable(
      "public-routes",
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: ctx.tags("public-routes") },
      parent,
    );
    publicSubnets.forEach(
      (subnet, az) =>
        new aws.ec2.RouteTableAssociation(`public-${az}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, parent),
    );

    // A NAT gateway costs more per hour than the rest of a preview network together: preview
    // shares one; production keeps one per zone so losing a zone does not cut the others off.
    const natCount = ctx.profile.natGateways === "perAz" ? azCount : 1;
    const nats = Array.from({ length: natCount }, (_, az) => {
      const eip = new aws.ec2.Eip(`nat-${az}`, { domain: "vpc", tags: ctx.tags(`nat-${az}`) }, parent);
      return new aws.ec2.NatGateway(
        `nat-${az}`,
        { allocationId: eip.id, subnetId: publicSubnets[az]!.id, tags: ctx.tags(`nat-${az}`) },
        { parent: this, dependsOn: [igw] },
      );
    });
    privateSubnets.forEach((subnet, az) => {
      const nat = nats[az % natCount]!;
      const routes = new aws.ec2.RouteTable(
        `private-routes-${az}`,
        { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: ctx.tags(`private-routes-${az}`) },
        parent,
      );
      new aws.ec2.RouteTableAssociation(`private-${az}`, { subnetId: subnet.id, routeTableId: routes.id }, parent);
    });

    const alb = new aws.ec2.SecurityGroup(
      "alb-sg",
      {
        name: ctx.name("alb", "securityGroup"),
        description: "prenv ALB: HTTP from anywhere on the production (80) and test (8080) listeners",
        vpcId: vpc.id,
        ingress: [80, 8080].map((port) => ({ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: ["0.0.0.0/0"] })),
        egress: [
          { protocol: "tcp", fromPort: args.containerPort, toPort: args.containerPort, cidrBlocks: [VPC_CIDR] },
        ],
        tags: ctx.tags("alb"),
      },
      parent,
    );
    const app = new aws.ec2.SecurityGroup(
      "app-sg",
      {
        name: ctx.name("app", "securityGroup"),
        description: "prenv app tasks: the container port from the ALB only",
        vpcId: vpc.id,
        ingress: [
          { protocol: "tcp", fromPort: args.containerPort, toPort: args.containerPort, securityGroups: [alb.id] },
        ],
        // Tasks pull images and call AWS APIs through the NAT gateway.
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        tags: ctx.tags("app"),
      },
      parent,
    );
    const db = new aws.ec2.SecurityGroup(
      "db-sg",
      {
        name: ctx.name("db", "securityGroup"),
        description: "prenv database: MySQL from the app tasks only",
        vpcId: vpc.id,
        ingress: [{ protocol: "tcp", fromPort: DB_PORT, toPort: DB_PORT, securityGroups: [app.id] }],
        tags: ctx.tags("db"),
      },
      parent,
    );
    this.albSecurityGroupId = alb.id;
    this.appSecurityGroupId = app.id;
    this.dbSecurityGroupId = db.id;

    this.registerOutputs({ vpcId: this.vpcId });
  }
}

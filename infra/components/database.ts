// Aurora MySQL. Preview: one Serverless v2 writer at the lowest capacity, pausing when idle.
// Production: a provisioned writer and reader in different zones. Both are encrypted, backed up,
// and deletable without a final snapshot, and RDS itself generates the master password and keeps
// it in Secrets Manager, so it never passes through code, config or the Pulumi state.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkedNames } from "../../src/core/naming.ts";
import type { StackContext } from "../context.ts";

/** Aurora MySQL 3.08 is the first release whose Serverless v2 scales to 0 ACU. */
export const AURORA_MYSQL_VERSION = "8.0.mysql_aurora.3.08.2";
export const DATABASE_NAME = "app";
export const MASTER_USERNAME = "prenv";

export interface DatabaseArgs {
  readonly context: StackContext;
  readonly mode: "serverless" | "provisioned";
  readonly subnetIds: pulumi.Input<string>[];
  readonly availabilityZones: pulumi.Input<string>[];
  readonly securityGroupId: pulumi.Input<string>;
}

export class Database extends pulumi.ComponentResource {
  readonly clusterIdentifier: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly readerEndpoint: pulumi.Output<string>;
  /** The RDS-managed secret holding `username` and `password`. */
  readonly secretArn: pulumi.Output<string>;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prenv:database:Database", name, {}, opts);
    const { context: ctx, mode } = args;
    const settings = ctx.profile.database;
    const parent = { parent: this };

    const subnets = new aws.rds.SubnetGroup(
      "db",
      { name: ctx.name("db", "dbSubnetGroup"), subnetIds: args.subnetIds, tags: ctx.tags("db-subnets") },
      parent,
    );
    const { minAcu, maxAcu, autoPauseSeconds } = settings.serverless;
    const cluster = new aws.rds.Cluster(
      "db",
      {
        clusterIdentifier: checkedNames.dbCluster(ctx.config.identity),
        engine: "aurora-mysql",
        engineVersion: AURORA_MYSQL_VERSION,
        engineMode: "provisioned",
        databaseName: DATABASE_NAME,
        masterUsername: MASTER_USERNAME,
        manageMasterUserPassword: true,
        dbSubnetGroupName: subnets.name,
        vpcSecurityGroupIds: [args.securityGroupId],
        storageEncrypted: true,
        backupRetentionPeriod: settings.backupRetentionDays,
        preferredBackupWindow: "03:00-04:00",
        copyTagsToSnapshot: true,
        skipFinalSnapshot: true,
        deletionProtection: false,
        applyImmediately: true,
        serverlessv2ScalingConfiguration:
          mode === "serverless"
            ? { minCapacity: minAcu, maxCapacity: maxAcu, ...(minAcu === 0 ? { secondsUntilAutoPause: autoPauseSeconds } : {}) }
            : undefined,
        tags: ctx.tags("db"),
      },
      parent,
    );

    const roles = ["db-writer", ...Array.from({ length: settings.readers }, (_, n) => `db-reader-${n + 1}`)];
    roles.forEach(
      (role, index) =>
        new aws.rds.ClusterInstance(
          role,
          {
            identifier: ctx.name(role, "dbInstance"),
            clusterIdentifier: cluster.id,
            instanceClass: mode === "serverless" ? "db.serverless" : settings.instanceClass,
            engine: "aurora-mysql",
            engineVersion: cluster.engineVersion,
            // Writer and readers in different zones, so a failover has somewhere to go.
            availabilityZone: args.availabilityZones[index % args.availabilityZones.length],
            promotionTier: index,
            publiclyAccessible: false,
            dbSubnetGroupName: subnets.name,
            applyImmediately: true,
            tags: ctx.tags(role),
          },
          parent,
        ),
    );

    this.clusterIdentifier = cluster.clusterIdentifier;
    this.endpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.secretArn = cluster.masterUserSecrets.apply((secrets) => {
      const arn = secrets?.[0]?.secretArn;
      if (!arn) throw new Error("RDS did not report the managed master-user secret of the database cluster");
      return arn;
    });
    this.registerOutputs({ endpoint: this.endpoint, readerEndpoint: this.readerEndpoint });
  }
}

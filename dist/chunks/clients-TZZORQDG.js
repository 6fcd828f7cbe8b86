import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  require_dist_cjs,
  require_dist_cjs2 as require_dist_cjs4,
  require_dist_cjs3 as require_dist_cjs6,
  require_dist_cjs4 as require_dist_cjs8,
  require_dist_cjs5 as require_dist_cjs9
} from "./chunk-H4B2OKKM.js";
import {
  require_dist_cjs as require_dist_cjs12,
  require_dist_cjs2 as require_dist_cjs13
} from "./chunk-N3W3ECP2.js";
import {
  require_dist_cjs as require_dist_cjs2,
  require_dist_cjs2 as require_dist_cjs3,
  require_dist_cjs3 as require_dist_cjs5,
  require_dist_cjs4 as require_dist_cjs7,
  require_dist_cjs5 as require_dist_cjs10
} from "./chunk-XDKVF3L6.js";
import {
  require_dist_cjs4 as require_dist_cjs11
} from "./chunk-X7U3VS55.js";
import "./chunk-2UHFVT3F.js";
import "./chunk-7NWHOIVA.js";
import {
  __toESM
} from "./chunk-WKVD46MP.js";

// src/aws/clients.ts
var import_client_application_auto_scaling = __toESM(require_dist_cjs(), 1);
var import_client_cloudwatch = __toESM(require_dist_cjs2(), 1);
var import_client_cloudwatch_logs = __toESM(require_dist_cjs3(), 1);
var import_client_ec2 = __toESM(require_dist_cjs4(), 1);
var import_client_ecr = __toESM(require_dist_cjs5(), 1);
var import_client_iam = __toESM(require_dist_cjs6(), 1);
var import_client_rds = __toESM(require_dist_cjs7(), 1);
var import_client_secrets_manager = __toESM(require_dist_cjs8(), 1);
var import_client_ssm = __toESM(require_dist_cjs9(), 1);
var import_client_wafv2 = __toESM(require_dist_cjs10(), 1);

// src/aws/traffic-clients.ts
var import_client_ecs = __toESM(require_dist_cjs11(), 1);
var import_client_elastic_load_balancing_v2 = __toESM(require_dist_cjs12(), 1);
var import_client_resource_groups_tagging_api = __toESM(require_dist_cjs13(), 1);
function trafficClients(region) {
  const config = region ? { region } : {};
  return { elb: new import_client_elastic_load_balancing_v2.ElasticLoadBalancingV2Client(config), tagging: new import_client_resource_groups_tagging_api.ResourceGroupsTaggingAPIClient(config), ecs: new import_client_ecs.ECSClient(config) };
}

// src/aws/clients.ts
function awsClients(region) {
  const config = region ? { region } : {};
  return {
    ...trafficClients(region),
    wafv2: new import_client_wafv2.WAFV2Client(config),
    cloudwatch: new import_client_cloudwatch.CloudWatchClient(config),
    rds: new import_client_rds.RDSClient(config),
    logs: new import_client_cloudwatch_logs.CloudWatchLogsClient(config),
    ecr: new import_client_ecr.ECRClient(config),
    ec2: new import_client_ec2.EC2Client(config),
    iam: new import_client_iam.IAMClient(config),
    ssm: new import_client_ssm.SSMClient(config),
    secrets: new import_client_secrets_manager.SecretsManagerClient(config),
    autoscaling: new import_client_application_auto_scaling.ApplicationAutoScalingClient(config)
  };
}
export {
  awsClients
};

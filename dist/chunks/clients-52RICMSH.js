import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  require_dist_cjs,
  require_dist_cjs2,
  require_dist_cjs3
} from "./chunk-C4YML3GZ.js";
import "./chunk-7NWHOIVA.js";
import {
  __toESM
} from "./chunk-WKVD46MP.js";

// src/aws/clients.ts
var import_client_ecs = __toESM(require_dist_cjs(), 1);
var import_client_elastic_load_balancing_v2 = __toESM(require_dist_cjs2(), 1);
var import_client_resource_groups_tagging_api = __toESM(require_dist_cjs3(), 1);
function awsClients(region) {
  const config = region ? { region } : {};
  return {
    elb: new import_client_elastic_load_balancing_v2.ElasticLoadBalancingV2Client(config),
    tagging: new import_client_resource_groups_tagging_api.ResourceGroupsTaggingAPIClient(config),
    ecs: new import_client_ecs.ECSClient(config)
  };
}
export {
  awsClients
};

import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  SandboxInventory,
  cloudResources
} from "./chunk-Z5YON4TU.js";
import "./chunk-I6HFVHE7.js";
import "./chunk-WKVD46MP.js";
export {
  SandboxInventory,
  cloudResources
};

import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  SandboxStore,
  StackLockedError
} from "./chunk-I2KVXQT3.js";
import "./chunk-7KZXUOVC.js";
import "./chunk-UX6V4HIV.js";
import "./chunk-WKVD46MP.js";
export {
  SandboxStore,
  StackLockedError
};

import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  require_dist_cjs
} from "./chunk-BRE72VDR.js";
import "./chunk-UKYYLZV7.js";
import "./chunk-WKVD46MP.js";
export default require_dist_cjs();

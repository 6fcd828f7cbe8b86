// Entry point named in Pulumi.yaml. Pulumi calls the default export and uses its result as the
// stack outputs (the keys of DESIGN.md, see src/core/outputs.ts).
import { program } from "./program.ts";

export default program;

// Entry point named in Pulumi.yaml: the App's AWS resources; outputs include the webhook URL to
// give the GitHub App.
import { program } from "./program.ts";

export default program;

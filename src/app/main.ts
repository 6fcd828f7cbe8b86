// `npm run app`: the prenv GitHub App on 127.0.0.1 for development. Needs APP_ID, PRIVATE_KEY
// (or PRIVATE_KEY_PATH) and WEBHOOK_SECRET; GITHUB_API_URL points it at GitHub Enterprise Server
// (or a stand-in); PORT and HOST move it.
import { BadInputError } from "../core/errors.ts";
import { appRuntime } from "./runtime.ts";
import { secretsFromEnv } from "./secrets.ts";
import { startAppServer, WEBHOOK_PATH } from "./server.ts";

try {
  const runtime = await appRuntime(await secretsFromEnv(process.env), process.env);
  const server = await startAppServer(runtime, { port: Number(process.env["PORT"] ?? 3000), host: process.env["HOST"] ?? "127.0.0.1" });
  console.log(`prenv App listening: ${server.url}${WEBHOOK_PATH}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  console.error(error instanceof BadInputError ? `prenv App: ${error.problems.join("\n  ")}` : `prenv App failed to start: ${(error as Error).message}`);
  process.exitCode = 2;
}

// The App on a plain Node HTTP server (`npm run app`, and the end-to-end tests): webhooks on
// POST /api/github/webhooks, a health check on GET /healthz. A body is read only up to GitHub's
// 25 MB; more is refused before it is buffered.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_DELIVERY_BYTES } from "../core/webhook-delivery.ts";
import { receiveDelivery } from "./app.ts";
import type { AppRuntime } from "./runtime.ts";

export const WEBHOOK_PATH = "/api/github/webhooks";

export interface AppServer {
  readonly url: string;
  close(): Promise<void>;
}

const headersOf = (request: IncomingMessage) =>
  Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key.toLowerCase(), Array.isArray(value) ? value.join(",") : value]));

/** The body, or undefined past GitHub's limit: what comes after that is read and dropped, not kept. */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  if (Number(request.headers["content-length"] ?? 0) > MAX_DELIVERY_BYTES) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] | undefined = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (chunks && size > MAX_DELIVERY_BYTES) {
        chunks = undefined;
        resolve(undefined);
      }
      chunks?.push(chunk);
    });
    request.on("end", () => chunks && resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

export async function startAppServer(runtime: AppRuntime, options: { port?: number; host?: string } = {}): Promise<AppServer> {
  const server: Server = createServer((request, response) => {
    const reply = (status: number, body: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(body);
    };
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method === "GET" && path === "/healthz") return reply(200, '{"ok":true}');
    if (path !== WEBHOOK_PATH) return reply(404, '{"error":"not found"}');
    void (async () => {
      const body = await readBody(request);
      if (!body) {
        // Not destroyed at once: that could cut the answer off while the sender still uploads. Node
        // discards the rest of the body (within its request timeout), then closes the connection.
        reply(413, '{"error":"the body is larger than any GitHub webhook (25 MB)"}', { connection: "close" });
        return;
      }
      const answer = await receiveDelivery(runtime.probot, { method: request.method ?? "GET", headers: headersOf(request), body });
      reply(answer.status, answer.body);
    })().catch((error: unknown) => {
      runtime.probot.log.error(`webhook handling failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) reply(500, '{"error":"prenv failed to handle the delivery"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

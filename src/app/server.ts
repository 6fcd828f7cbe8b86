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

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  if (Number(request.headers["content-length"] ?? 0) > MAX_DELIVERY_BYTES) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_DELIVERY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startAppServer(runtime: AppRuntime, options: { port?: number; host?: string } = {}): Promise<AppServer> {
  const server: Server = createServer((request, response) => {
    const reply = (status: number, body: string) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(body);
    };
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method === "GET" && path === "/healthz") return reply(200, '{"ok":true}');
    if (path !== WEBHOOK_PATH) return reply(404, '{"error":"not found"}');
    void (async () => {
      const body = await readBody(request);
      if (!body) {
        reply(413, '{"error":"the body is larger than any GitHub webhook (25 MB)"}');
        request.destroy();
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

// Signed webhook deliveries, as GitHub sends them, and a key pair for a test App.
import { createHmac, generateKeyPairSync, randomUUID } from "node:crypto";

export const WEBHOOK_SECRET = "test-webhook-secret-0123456789";
export const APP_ID = "12345";
export const PRIVATE_KEY = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

export const sign = (body: string, secret = WEBHOOK_SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

export interface DeliveryOptions {
  readonly secret?: string;
  readonly signature?: string | null;
  readonly contentType?: string;
}

export function deliveryHeaders(event: string, body: string, options: DeliveryOptions = {}): Record<string, string> {
  return {
    "content-type": options.contentType ?? "application/json",
    "x-github-event": event,
    "x-github-delivery": randomUUID(),
    ...(options.signature === null ? {} : { "x-hub-signature-256": options.signature ?? sign(body, options.secret) }),
  };
}

/** A payload made to come from acme/shop, through the App's installation 42. */
export function fromRepo(payload: Record<string, any>): Record<string, any> {
  payload["repository"] = { ...payload["repository"], full_name: "acme/shop", name: "shop", default_branch: "main", owner: { login: "acme" } };
  payload["installation"] = { id: 42 };
  return payload;
}

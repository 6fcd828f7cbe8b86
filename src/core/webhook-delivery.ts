// What a webhook delivery must look like before prenv spends anything on it: a POST of JSON, no
// bigger than GitHub ever sends (25 MB), carrying the event name, the delivery ID and the
// HMAC-SHA256 signature. Anything else is answered with a 4xx and goes no further.

export const MAX_DELIVERY_BYTES = 25 * 1024 * 1024;

export interface DeliveryHeaders {
  readonly method: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly bodyBytes: number;
}

export type DeliveryCheck =
  | { readonly ok: true; readonly id: string; readonly name: string; readonly signature: string }
  | { readonly ok: false; readonly status: number; readonly message: string };

const refuse = (status: number, message: string): DeliveryCheck => ({ ok: false, status, message });

export function checkDelivery(delivery: DeliveryHeaders): DeliveryCheck {
  const header = (name: string) => delivery.headers[name]?.trim() || undefined;
  if (delivery.method.toUpperCase() !== "POST") return refuse(405, "webhooks are POSTed");
  const type = header("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return refuse(415, "set the webhook's content type to application/json");
  if (delivery.bodyBytes > MAX_DELIVERY_BYTES) return refuse(413, "the body is larger than any GitHub webhook (25 MB)");
  const signature = header("x-hub-signature-256");
  if (!signature) return refuse(401, "x-hub-signature-256 is required: set a webhook secret on the GitHub App");
  if (!/^sha256=[0-9a-f]{64}$/.test(signature)) return refuse(401, "x-hub-signature-256 is not a sha256= HMAC");
  const name = header("x-github-event");
  if (!name || !/^[a-z_]{1,64}$/.test(name)) return refuse(400, "x-github-event is missing or not an event name");
  const id = header("x-github-delivery");
  if (!id || id.length > 100) return refuse(400, "x-github-delivery is missing");
  return { ok: true, id, name, signature };
}

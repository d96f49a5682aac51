import { createHmac } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
export const WEBHOOK_USER_AGENT = 'momo-checkout-webhooks/1';

/** The HMAC key: the base64-decoded part of `whsec_<base64>`. */
export function webhookKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** Standard Webhooks: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, the timestamp in Unix seconds. */
export function signWebhook(key: Buffer, id: string, timestampSeconds: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/**
 * The headers of one attempt. The id and body are the event's, the same on every attempt; the
 * timestamp (and so the signature) is the attempt's, since receivers refuse old timestamps.
 */
export function webhookHeaders(key: Buffer, id: string, attemptAtMs: number, body: string): Record<string, string> {
  const timestamp = Math.floor(attemptAtMs / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(key, id, timestamp, body),
  };
}

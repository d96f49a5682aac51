import type { WebhookEventRecord } from '../store/types';
import type { WebhookEventView } from './schema';

export function toDeliveryView(event: WebhookEventRecord): WebhookEventView['delivery'] {
  return {
    state: event.state,
    attempts: event.attempts,
    lastStatus: event.lastStatus ?? null,
    lastError: event.lastError ?? null,
    lastAttemptAt: event.lastAttemptAt ?? null,
    nextAttemptAt: event.state === 'pending' ? (event.nextAttemptAt ?? null) : null,
    deliveredAt: event.deliveredAt ?? null,
  };
}

/** An outbox row as `GET /v1/events` shows it: the body's fields, and its delivery. */
export function toWebhookEventView(event: WebhookEventRecord): WebhookEventView {
  const body = JSON.parse(event.payload) as { data: Record<string, unknown> };
  return { id: event.id, type: event.type, createdAt: event.createdAt, subjectId: event.subjectId, data: body.data, delivery: toDeliveryView(event) };
}

/** Page cursors are opaque to the merchant: the `seq` of the last event shown, in base64url. */
export function encodeEventCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeEventCursor(cursor: string): number | undefined {
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

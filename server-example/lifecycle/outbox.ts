import { randomUUID } from 'node:crypto';
import type { OutboxEvent } from '../store/types';
import { isoNow, type Clock } from './clock';
import type { WebhookEventType } from './rules';

/**
 * A merchant webhook as the outbox keeps it: its `webhook-id` and the exact body every attempt
 * sends, `{ type, timestamp, data }` (docs/architecture.md, "Merchant webhooks").
 */
export function webhookEvent(clock: Clock, type: WebhookEventType, subjectId: string, data: object): OutboxEvent {
  const createdAt = isoNow(clock);
  return {
    id: `msg_${randomUUID().replaceAll('-', '')}`,
    type,
    subjectId,
    createdAt,
    payload: JSON.stringify({ type, timestamp: createdAt, data }),
  };
}

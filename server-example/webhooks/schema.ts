import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../lifecycle/rules';

export const DEFAULT_EVENTS_PAGE = 20;
export const MAX_EVENTS_PAGE = 100;

const SubjectId = z.string().regex(/^[\w-]{1,64}$/, 'expected an id such as "co_…" or "po_…"');

/** An opaque page cursor: `nextCursor` of the page before (base64url, at most 64 characters). */
const Cursor = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected the nextCursor of the page before');

/** `GET /v1/events` query (docs/architecture.md, "Merchant webhooks"). */
export const ListEventsQuery = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(MAX_EVENTS_PAGE).default(DEFAULT_EVENTS_PAGE).describe(`Events per page, newest first; ${DEFAULT_EVENTS_PAGE} by default, ${MAX_EVENTS_PAGE} at most.`),
    cursor: Cursor.optional().describe('The `nextCursor` of the page before.'),
    type: z.enum(WEBHOOK_EVENT_TYPES).optional().describe('Only events of this type.'),
    checkout: SubjectId.optional().describe('Only events about this checkout.'),
    payout: SubjectId.optional().describe('Only events about this payout.'),
  })
  .refine((query) => !(query.checkout && query.payout), { message: 'give checkout or payout, not both', path: ['payout'] });

export type ListEventsQuery = z.infer<typeof ListEventsQuery>;

const Timestamp = z.iso.datetime();

/** Where an event's delivery stands; `null` for what has not happened (yet). */
export const WebhookDelivery = z.strictObject({
  state: z.enum(['pending', 'delivered', 'failed']).describe('pending: an attempt is to come; delivered: the merchant answered 2xx; failed: the retry schedule was used up.'),
  attempts: z.int().min(0).describe('Attempts so far, resends included.'),
  lastStatus: z.int().nullable().describe("The merchant's HTTP status on the last attempt; null when it never answered."),
  lastError: z.string().nullable().describe('Why the last attempt got no answer (a timeout, a refused connection, a DNS error).'),
  lastAttemptAt: Timestamp.nullable(),
  nextAttemptAt: Timestamp.nullable().describe('When the next attempt is due, while pending.'),
  deliveredAt: Timestamp.nullable(),
});

/** One event of `GET /v1/events`: the webhook's body fields, and how its delivery went. */
export const WebhookEventView = z.strictObject({
  id: z.string().describe('The `webhook-id` header, the same on every attempt: de-duplicate by it.'),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  createdAt: Timestamp.describe("The webhook body's `timestamp`."),
  subjectId: z.string().describe('The checkout or payout the event is about.'),
  data: z.record(z.string(), z.unknown()).describe("The webhook body's `data`: the checkout (or payout) as it was after the change."),
  delivery: WebhookDelivery,
});

export type WebhookEventView = z.infer<typeof WebhookEventView>;

export const WebhookEventPage = z.strictObject({
  data: z.array(WebhookEventView),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next (older) page; null on the last page.'),
});

/** `POST /v1/events/{id}/resend` → 202. */
export const ResendEventResponse = z.strictObject({
  id: z.string(),
  delivery: WebhookDelivery,
});

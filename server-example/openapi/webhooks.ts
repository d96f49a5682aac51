import { z } from 'zod';
import type { WebhookEventType } from '../lifecycle/rules';
import { MerchantCheckoutData, MerchantPayoutData, Resolution } from './responses';

/** What each merchant webhook says, and its `data`: the checkout (or payout) as the change left it. */
const CHECKOUT_WEBHOOKS = {
  'checkout.paid': { summary: 'The checkout is paid: fulfil the order.', data: MerchantCheckoutData.extend({ status: z.literal('paid') }) },
  'checkout.failed': { summary: 'The payment failed (`reason` says why); the payer may start a new checkout.', data: MerchantCheckoutData.extend({ status: z.literal('failed') }) },
  'checkout.expired': {
    summary: 'The checkout expired unpaid; with `reason: outcome_unknown` the payer may have paid, and a person must look (`POST /v1/checkouts/{id}/resolve`).',
    data: MerchantCheckoutData.extend({ status: z.literal('expired') }),
  },
  'checkout.cancelled': { summary: 'The checkout was cancelled (`POST /v1/checkouts/{id}/cancel`).', data: MerchantCheckoutData.extend({ status: z.literal('cancelled') }) },
  'checkout.receipt': {
    summary: "The provider's receipt arrived after `checkout.paid`.",
    data: MerchantCheckoutData.extend({ status: z.literal('paid'), receiptUrl: z.string() }),
  },
  'checkout.resolved': {
    summary: "An `outcome_unknown` checkout was resolved, by a person or by the provider's late word; its status stays `expired`.",
    data: MerchantCheckoutData.extend({ status: z.literal('expired'), resolution: Resolution }),
  },
} as const;

const PAYOUT_WEBHOOKS = {
  'payout.paid': { summary: 'The payout reached the wallet.', data: MerchantPayoutData.extend({ status: z.literal('paid') }) },
  'payout.failed': { summary: 'The payout failed (`reason` says why); no money left.', data: MerchantPayoutData.extend({ status: z.literal('failed') }) },
} as const;

export interface WebhookDoc {
  summary: string;
  /** The whole body, `{ type, timestamp, data }`. */
  payload: z.ZodType;
}

function payload(type: WebhookEventType, data: z.ZodType): z.ZodType {
  return z.strictObject({
    type: z.literal(type),
    timestamp: z.iso.datetime().describe('When the change was committed (ISO 8601, UTC); the same on every attempt.'),
    data,
  });
}

const EVERY_WEBHOOK = { ...CHECKOUT_WEBHOOKS, ...PAYOUT_WEBHOOKS } satisfies Record<WebhookEventType, { summary: string; data: z.ZodType }>;

/** One entry per webhook event type: a type without one fails to compile. */
export const WEBHOOKS = {} as Record<WebhookEventType, WebhookDoc>;
for (const [type, { summary, data }] of Object.entries(EVERY_WEBHOOK) as [WebhookEventType, { summary: string; data: z.ZodType }][]) {
  WEBHOOKS[type] = { summary, payload: payload(type, data) };
}

/** The Standard Webhooks headers on every attempt (standardwebhooks.com). */
export const WEBHOOK_HEADERS = [
  { name: 'webhook-id', description: "The event's id (`msg_…`), the same on every attempt and on a resend: de-duplicate by it.", schema: { type: 'string', pattern: '^msg_[0-9a-f]+$' } },
  { name: 'webhook-timestamp', description: "The attempt's time in Unix seconds; refuse one too far from your clock (replays).", schema: { type: 'string', pattern: '^\\d+$' } },
  {
    name: 'webhook-signature',
    description:
      'Space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded part of the `whsec_…` secret. Verify it with the `standardwebhooks` library.',
    schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$' },
  },
] as const;

import assert from 'node:assert/strict';
import { isFinalStatus, type CheckoutStatus } from '../../contract';
import type { TestServer } from './helpers';

/** A merchant webhook as `GET /v1/events` lists it: its `webhook-id`, its type and the body's `data`. */
export interface MerchantWebhook {
  id: string;
  type: string;
  subjectId: string;
  data: { id: string; status: CheckoutStatus; reason?: string; receiptUrl?: string };
}

/**
 * The webhooks written for one checkout, oldest first, as the merchant lists them. The outbox row
 * is written in the same transaction as its status change, so the list is complete once the
 * change is seen.
 */
export async function webhooksOf(server: TestServer, checkoutId: string): Promise<MerchantWebhook[]> {
  const response = await server.merchant(`/v1/events?checkout=${encodeURIComponent(checkoutId)}&limit=50`);
  assert.equal(response.status, 200, `GET /v1/events: ${await response.clone().text()}`);
  const { data } = (await response.json()) as { data: MerchantWebhook[] };
  return data.reverse();
}

/** A checkout as `GET /v1/checkouts/{id}` shows it: what its webhooks must agree with. */
export interface CheckoutOutcome {
  id: string;
  status: CheckoutStatus;
  reason?: string;
  receiptUrl?: string;
}

/**
 * The webhooks a checkout produced are exactly those its outcome implies: none while it is open;
 * one `checkout.<final status>`; then `checkout.receipt` only when the receipt came after it was
 * paid. Each tells the checkout's own status and reason.
 */
export function assertWebhooksMatch(webhooks: MerchantWebhook[], checkout: CheckoutOutcome): void {
  const types = webhooks.map((webhook) => webhook.type);
  if (!isFinalStatus(checkout.status)) {
    assert.deepEqual(types, [], `no webhook while ${checkout.id} is ${checkout.status}`);
    return;
  }
  const final = webhooks[0];
  const receiptLater = checkout.status === 'paid' && checkout.receiptUrl !== undefined && final?.data.receiptUrl === undefined;
  assert.deepEqual(types, [`checkout.${checkout.status}`, ...(receiptLater ? ['checkout.receipt'] : [])], `webhooks of ${checkout.id}`);
  for (const webhook of webhooks) {
    assert.equal(webhook.subjectId, checkout.id);
    assert.deepEqual([webhook.data.id, webhook.data.status, webhook.data.reason], [checkout.id, checkout.status, checkout.reason], `${webhook.type} tells the checkout's status and reason`);
  }
  assert.equal(webhooks.at(-1)?.data.receiptUrl, checkout.receiptUrl, 'the last webhook carries the receipt the checkout has');
  assert.equal(new Set(webhooks.map((webhook) => webhook.id)).size, webhooks.length, 'one webhook-id each');
}

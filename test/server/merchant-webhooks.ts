import assert from 'node:assert/strict';
import { isFinalStatus, type CheckoutStatus } from '../../contract';
import { openSqliteStore } from '../../server-example/store/sqlite';
import type { TestServer } from './helpers';

/** A merchant webhook as the outbox holds it: its `webhook-id`, and the body every attempt sends. */
export interface MerchantWebhook {
  id: string;
  type: string;
  body: { type: string; timestamp: string; data: { id: string; status: CheckoutStatus; reason?: string; receiptUrl?: string } };
}

export interface MerchantWebhooks {
  /** The webhooks written for one checkout, oldest first. */
  of(checkoutId: string): Promise<MerchantWebhook[]>;
  close(): Promise<void>;
}

/**
 * The backend's outbox, read from its own SQLite file: written in the same transaction as each
 * status change, so it is complete once the change is seen. (A merchant reads the same rows with
 * `GET /v1/events?checkout=…`.)
 */
export function merchantWebhooks(server: TestServer): MerchantWebhooks {
  const store = openSqliteStore(server.config.databaseFile);
  return {
    async of(checkoutId) {
      const events = await store.listWebhookEvents({ subjectId: checkoutId, limit: 50 });
      return events.reverse().map(({ id, type, payload }) => ({ id, type, body: JSON.parse(payload) as MerchantWebhook['body'] }));
    },
    close: () => store.close(),
  };
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
  const receiptLater = checkout.status === 'paid' && checkout.receiptUrl !== undefined && final?.body.data.receiptUrl === undefined;
  assert.deepEqual(types, [`checkout.${checkout.status}`, ...(receiptLater ? ['checkout.receipt'] : [])], `webhooks of ${checkout.id}`);
  for (const webhook of webhooks) {
    assert.equal(webhook.body.type, webhook.type);
    assert.deepEqual(
      [webhook.body.data.id, webhook.body.data.status, webhook.body.data.reason],
      [checkout.id, checkout.status, checkout.reason],
      `${webhook.type} tells the checkout's status and reason`,
    );
  }
  assert.equal(webhooks.at(-1)?.body.data.receiptUrl, checkout.receiptUrl, 'the last webhook carries the receipt the checkout has');
  assert.equal(new Set(webhooks.map((webhook) => webhook.id)).size, webhooks.length, 'one webhook-id each');
}

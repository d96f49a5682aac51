/**
 * Webhooks from the outbox, with three instances' workers sending: each event is attempted by
 * one instance at a time, and each attempt reaches the merchant once. The receiver refuses every
 * event's first attempt (500), so that its retry may be taken by any instance, and holds each
 * answer a moment, so that two attempts at one event made at once would be seen side by side.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCheckout, startCluster, type Cluster } from './cluster';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

const CHECKOUTS = 9;

interface EventView {
  id: string;
  type: string;
  subjectId: string;
  delivery: { state: string; attempts: number; lastStatus: number | null };
}

describe('three instances sending webhooks from one outbox', () => {
  let cluster: Cluster;
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver({ answer: ({ earlier }) => (earlier === 0 ? 500 : 204), holdMs: 200 });
    cluster = await startCluster({
      webhookUrl: receiver.url,
      env: { RECONCILE_INTERVAL_MS: '50', RECONCILE_FIRST_POLL_MS: '60000', RECONCILE_MAX_POLL_MS: '60000', MERCHANT_WEBHOOK_RETRY_MS: '0,300,300' },
    });
  });
  after(async () => {
    await cluster?.close();
    await receiver?.close();
  });

  test('every checkout.paid is attempted twice (refused, then taken), each attempt received once', { timeout: 120_000 }, async () => {
    const { instances } = cluster;
    const checkouts = await Promise.all(Array.from({ length: CHECKOUTS }, (_, index) => createCheckout(instances[index % instances.length]!)));
    // Approved through each instance in turn: the callbacks land on the creating ones, the outbox rows with them.
    for (const [index, checkout] of checkouts.entries()) {
      assert.equal((await instances[(index + 1) % instances.length]!.actAsPayer(checkout.id, 'approve')).status, 202);
    }
    const taken = await Promise.all(checkouts.map((checkout) => receiver.waitFor((delivery) => delivery.subjectId === checkout.id && delivery.status === 204)));
    // The attempt's outcome is written once the answer is in: the sender's log line says when.
    await Promise.all(taken.map((webhook) => cluster.waitForLog((line) => line.msg === 'webhook delivered' && line.eventId === webhook.webhookId, `${webhook.webhookId} recorded`)));

    for (const [index, checkout] of checkouts.entries()) {
      const webhook = taken[index]!;
      const received = receiver.of(webhook.webhookId);
      assert.deepEqual(
        received.map((delivery) => delivery.status),
        [500, 204],
        `${webhook.webhookId}: refused once, then taken`,
      );
      assert.deepEqual(
        received.map((delivery) => delivery.inFlightAlongside),
        [0, 0],
        `${webhook.webhookId}: never two attempts at once`,
      );
      const response = await instances[index % instances.length]!.merchant(`/v1/events?checkout=${checkout.id}`);
      const { data } = (await response.json()) as { data: EventView[] };
      assert.deepEqual(
        data.map((event) => [event.id, event.type, event.delivery.state, event.delivery.attempts, event.delivery.lastStatus]),
        [[webhook.webhookId, 'checkout.paid', 'delivered', 2, 204]],
        'the outbox counts the two attempts the receiver saw',
      );
    }
    assert.equal(receiver.deliveries.filter((delivery) => delivery.type === 'checkout.paid').length, CHECKOUTS * 2, 'nothing else was sent');
  });
});

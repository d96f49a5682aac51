/**
 * A merchant receiver given by MERCHANT_WEBHOOK_URL, against a real backend: an approved MTN
 * invoice reaches it as `checkout.paid`, verifiable with the official `standardwebhooks` library,
 * even when it answers 500 twice first.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { manualClock } from './clock';
import { startWebhookReceiver, type WebhookReceiver } from './fixtures/webhook-receiver';
import { createCheckout, startTestServer, type TestServer } from './helpers';

const clock = manualClock();
let receiver: WebhookReceiver;
let server: TestServer;

before(async () => {
  receiver = await startWebhookReceiver();
  server = await startTestServer({}, {}, { MERCHANT_WEBHOOK_URL: receiver.url, MERCHANT_WEBHOOK_RETRY_MS: '0,100,100' }, { clock, reconcile: false });
});
after(async () => {
  await server.close();
  await receiver.stop();
});

test('an approved MTN invoice reaches the receiver as checkout.paid, signed, with the data GET /v1/checkouts/{id} returns', async () => {
  const { id } = await createCheckout(server);
  assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
  // The commit wakes the worker: nothing here drives it.
  const [webhook] = await receiver.waitFor(1);
  const body = new Webhook(server.config.webhooks.secret).verify(webhook!.body, webhook!.headers) as { type: string; timestamp: string; data: Record<string, unknown> };
  assert.equal(body.type, 'checkout.paid');
  const { events, ...checkout } = (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as Record<string, unknown>;
  assert.ok(Array.isArray(events));
  assert.deepEqual(body.data, checkout);
  assert.equal(body.data.status, 'paid');
  assert.match(webhook!.headers['webhook-id'] ?? '', /^msg_[0-9a-f]{32}$/);
});

test('a receiver that answers 500 twice gets the event on the third attempt, under the same webhook-id', async () => {
  const before = receiver.received.length;
  receiver.answerWith((_, index) => (index < before + 2 ? { status: 500, body: 'down for maintenance' } : { status: 200 }));
  const { id } = await createCheckout(server);
  await server.sandbox(`/checkouts/${id}/approve`);
  await receiver.waitFor(before + 1);
  // Retries are due 100 ms (of the test's clock) after each attempt; a pass, driven or polled, sends them.
  for (let attempt = 2; attempt <= 3; attempt += 1) {
    await server.webhooks!.runOnce();
    clock.advance(100);
    await server.webhooks!.runOnce();
    await receiver.waitFor(before + attempt);
  }
  await server.webhooks!.runOnce();
  const attempts = receiver.received.slice(before);
  assert.equal(attempts.length, 3);
  assert.equal(new Set(attempts.map((webhook) => webhook.headers['webhook-id'])).size, 1);
  for (const webhook of attempts) assert.equal((new Webhook(server.config.webhooks.secret).verify(webhook.body, webhook.headers) as { type: string }).type, 'checkout.paid');

  const listed = (await (await server.merchant(`/v1/events?checkout=${id}`)).json()) as { data: { id: string; delivery: { state: string; attempts: number; lastStatus: number } }[] };
  assert.deepEqual(
    listed.data.map((event) => [event.id, event.delivery.state, event.delivery.attempts, event.delivery.lastStatus]),
    [[attempts[0]!.headers['webhook-id'], 'delivered', 3, 200]],
  );
});

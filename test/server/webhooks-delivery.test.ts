import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createLogger } from '../../server-example/logger';
import type { Store } from '../../server-example/store/types';
import type { WebhookConfig } from '../../server-example/webhooks/config';
import { createWebhookWorker } from '../../server-example/webhooks/worker';
import { manualClock, type ManualClock } from './clock';
import { outboxWriter } from './fixtures/outbox';
import { startWebhookReceiver, type WebhookReceiver } from './fixtures/webhook-receiver';
import { openTestStore } from './helpers';

const SECRET = `whsec_${Buffer.from('a test secret of thirty-two bytes').toString('base64')}`;

let dir: string;
let store: Store;
let clock: ManualClock;
let receiver: WebhookReceiver;
let logLines: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'momo-webhooks-'));
  store = await openTestStore(join(dir, 'store.sqlite'));
  clock = manualClock();
  receiver = await startWebhookReceiver();
  logLines = [];
});

afterEach(async () => {
  await receiver.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function worker(config: Partial<WebhookConfig> = {}) {
  const log = createLogger('info', { write: (line: string) => void logLines.push(line) });
  return createWebhookWorker({ store, clock, log, config: { url: receiver.url, secret: SECRET, retryMs: [0, 1_000, 2_000, 3_000], timeoutMs: 300, ...config } });
}

const verify = (webhook: { headers: Record<string, string>; body: string }) => new Webhook(SECRET).verify(webhook.body, webhook.headers);

test('a receiver that fails with 5xx, then a timeout, then a refused connection is retried on the schedule and finally gets the event, under one webhook-id', async () => {
  const addEvent = outboxWriter(store, clock);
  const event = await addEvent('co_retry', 'checkout.paid', { status: 'paid' });
  const webhooks = worker();
  const answers = [{ status: 503, body: 'busy' }, 'hang' as const];
  receiver.answerWith((_, index) => answers[index] ?? { status: 200 });
  const startedAt = clock.now();

  assert.equal(await webhooks.runOnce(), 1, 'the first attempt goes at once (retryMs[0] = 0)');
  let stored = await store.getWebhookEvent(event.id);
  assert.equal(stored?.state, 'pending');
  assert.equal(stored?.lastStatus, 503);
  assert.equal(stored?.lastResponse, 'busy');
  assert.equal(stored?.nextAttemptAt, new Date(startedAt + 1_000).toISOString());

  clock.advance(999);
  assert.equal(await webhooks.runOnce(), 0, 'not due before retryMs[1]');
  clock.advance(1);
  assert.equal(await webhooks.runOnce(), 1, 'the second attempt: the receiver never answers');
  stored = await store.getWebhookEvent(event.id);
  assert.equal(stored?.lastStatus, undefined);
  assert.equal(stored?.lastError, 'no answer within 300 ms');
  assert.equal(stored?.nextAttemptAt, new Date(clock.now() + 2_000).toISOString());

  await receiver.stop();
  clock.advance(2_000);
  assert.equal(await webhooks.runOnce(), 1, 'the third attempt: nobody listens');
  stored = await store.getWebhookEvent(event.id);
  assert.match(stored?.lastError ?? '', /connection refused \(ECONNREFUSED\)/);
  assert.equal(stored?.state, 'pending');

  await receiver.restart();
  clock.advance(2_999);
  assert.equal(await webhooks.runOnce(), 0);
  clock.advance(1);
  assert.equal(await webhooks.runOnce(), 1, 'the fourth attempt is answered 200');
  stored = await store.getWebhookEvent(event.id);
  assert.equal(stored?.state, 'delivered');
  assert.equal(stored?.attempts, 4);
  assert.equal(stored?.lastStatus, 200);
  assert.equal(stored?.lastError, undefined);
  assert.equal(stored?.deliveredAt, new Date(clock.now()).toISOString());
  assert.equal(await webhooks.runOnce(), 0, 'a delivered event is not sent again');

  assert.equal(receiver.received.length, 3, 'the refused attempt never arrived');
  assert.deepEqual(new Set(receiver.received.map((webhook) => webhook.headers['webhook-id'])), new Set([event.id]));
  for (const webhook of receiver.received) {
    assert.equal(webhook.body, event.payload, 'every attempt sends the same body');
    assert.deepEqual(verify(webhook), JSON.parse(event.payload), 'the signature verifies with standardwebhooks');
    assert.equal(webhook.headers['content-type'], 'application/json');
    assert.match(webhook.headers['user-agent'] ?? '', /momo-checkout/);
  }
  // Each attempt is signed at its own time, in Unix seconds.
  assert.deepEqual(
    receiver.received.map((webhook) => Number(webhook.headers['webhook-timestamp'])),
    [startedAt, startedAt + 1_000, startedAt + 6_000].map((ms) => Math.floor(ms / 1000)),
  );
  assert.deepEqual(JSON.parse(event.payload), { type: 'checkout.paid', timestamp: event.createdAt, data: { id: 'co_retry', status: 'paid' } });
});

test('after the last step of the schedule the event is failed and never sent again', async () => {
  const event = await outboxWriter(store, clock)('co_fails');
  receiver.answerWith(() => ({ status: 500 }));
  const webhooks = worker({ retryMs: [0, 1_000] });

  assert.equal(await webhooks.runOnce(), 1);
  clock.advance(1_000);
  assert.equal(await webhooks.runOnce(), 1);
  const stored = await store.getWebhookEvent(event.id);
  assert.equal(stored?.state, 'failed');
  assert.equal(stored?.attempts, 2);
  assert.equal(stored?.nextAttemptAt, undefined);
  clock.advance(86_400_000);
  assert.equal(await webhooks.runOnce(), 0);
  assert.equal(receiver.received.length, 2);
});

test('3xx and 4xx are not deliveries either; any 2xx is', async () => {
  const addEvent = outboxWriter(store, clock);
  const statuses = [302, 410, 204, 299];
  const events = await Promise.all(statuses.map((_, index) => addEvent(`co_status_${index}`)));
  receiver.answerWith((webhook) => ({ status: statuses[events.findIndex((event) => event.id === webhook.headers['webhook-id'])]! }));

  assert.equal(await worker().runOnce(), 4);
  const states = await Promise.all(events.map(async (event) => (await store.getWebhookEvent(event.id))?.state));
  assert.deepEqual(states, ['pending', 'pending', 'delivered', 'delivered']);
});

test("the merchant's answer is stored cut to 1 KB, on a character boundary", async () => {
  const event = await outboxWriter(store, clock)('co_big_answer');
  const answer = `x${'é'.repeat(5_000)}`;
  receiver.answerWith(() => ({ status: 500, body: answer }));
  await worker().runOnce();
  const stored = (await store.getWebhookEvent(event.id))?.lastResponse ?? '';
  assert.ok(Buffer.byteLength(stored) <= 1024, `${Buffer.byteLength(stored)} bytes stored`);
  assert.ok(Buffer.byteLength(stored) >= 1022);
  assert.ok(answer.startsWith(stored));
});

test('events of one subject go in order: while the first is retried the second waits; another subject does not', async () => {
  const addEvent = outboxWriter(store, clock);
  const first = await addEvent('co_a', 'checkout.paid');
  const second = await addEvent('co_a', 'checkout.receipt');
  const other = await addEvent('co_b', 'checkout.paid');
  receiver.answerWith((webhook) => (webhook.headers['webhook-id'] === first.id && receiver.received.length === 1 ? { status: 500 } : { status: 200 }));
  const webhooks = worker();

  assert.equal(await webhooks.runOnce(), 2, 'the first of co_a (fails) and co_b (delivered)');
  assert.deepEqual(receiver.received.map((webhook) => webhook.headers['webhook-id']).sort(), [first.id, other.id].sort());
  assert.equal((await store.getWebhookEvent(second.id))?.attempts, 0, 'the second of co_a waits for the first');
  assert.equal(await webhooks.runOnce(), 0);

  clock.advance(1_000);
  assert.equal(await webhooks.runOnce(), 1, 'the first of co_a, delivered now');
  assert.equal(await webhooks.runOnce(), 1, 'then the second');
  assert.deepEqual(
    receiver.received.slice(2).map((webhook) => webhook.headers['webhook-id']),
    [first.id, second.id],
  );
});

test('a failed event no longer holds its subject back', async () => {
  const addEvent = outboxWriter(store, clock);
  const first = await addEvent('co_c', 'checkout.paid');
  const second = await addEvent('co_c', 'checkout.receipt');
  receiver.answerWith((webhook) => ({ status: webhook.headers['webhook-id'] === first.id ? 500 : 200 }));
  const webhooks = worker({ retryMs: [0] });

  assert.equal(await webhooks.runOnce(), 1);
  assert.equal((await store.getWebhookEvent(first.id))?.state, 'failed');
  assert.equal(await webhooks.runOnce(), 1);
  assert.equal((await store.getWebhookEvent(second.id))?.state, 'delivered');
});

test('wake() coalesces: many wakes make one drain, which also sends the events each delivery unblocks', async () => {
  const addEvent = outboxWriter(store, clock);
  const events = [await addEvent('co_w', 'checkout.paid'), await addEvent('co_w', 'checkout.receipt'), await addEvent('co_w', 'checkout.resolved')];
  let passes = 0;
  const due = store.dueWebhookEvents.bind(store);
  store.dueWebhookEvents = (now, limit, leaseUntil) => {
    passes += 1;
    return due(now, limit, leaseUntil);
  };
  const webhooks = worker();
  for (let i = 0; i < 10; i += 1) webhooks.wake();
  const received = await receiver.waitFor(3);
  // Queued behind the drain, so it runs once the drain has ended.
  assert.equal(await webhooks.runOnce(), 0);
  assert.deepEqual(
    received.map((webhook) => webhook.headers['webhook-id']),
    events.map((event) => event.id),
  );
  assert.equal(passes, 5, 'one drain (three passes that each sent one event, one that found nothing), then runOnce');
});

test('passes never overlap, and stop() waits for the delivery in flight', async () => {
  const event = await outboxWriter(store, clock)('co_slow');
  let passes = 0;
  const due = store.dueWebhookEvents.bind(store);
  store.dueWebhookEvents = (now, limit, leaseUntil) => {
    passes += 1;
    return due(now, limit, leaseUntil);
  };
  receiver.answerWith(() => 'hang');
  const webhooks = worker({ timeoutMs: 60_000 });
  const first = webhooks.runOnce();
  const second = webhooks.runOnce();
  webhooks.wake();
  await receiver.waitFor(1);
  assert.equal(passes, 1, 'the second pass waits for the first (overlapping, it would send the same event again)');

  const stopped = webhooks.stop();
  // The receiver drops the hung request: the attempt ends without an answer.
  await receiver.stop();
  await stopped;
  assert.equal((await store.getWebhookEvent(event.id))?.attempts, 1, 'stop() resolved only once the attempt was recorded');
  assert.equal(await first, 1);
  assert.equal(await second, 0, 'the second pass ran after the first, and found the retry not yet due');
  assert.equal(receiver.received.length, 1);
  await receiver.restart();
});

test('neither the secret nor a signature reaches the log; event id, type, status and attempt do', async () => {
  const event = await outboxWriter(store, clock)('co_log');
  receiver.answerWith(() => ({ status: 500 }));
  const webhooks = worker();
  await webhooks.runOnce();
  const signature = receiver.received[0]!.headers['webhook-signature']!;
  const log = logLines.join('\n');
  assert.ok(!log.includes(SECRET.slice('whsec_'.length)), 'the secret');
  assert.ok(!log.includes(signature.slice(3)), 'the signature');
  const line = logLines.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.eventId === event.id);
  assert.deepEqual({ type: line?.type, status: line?.status, attempt: line?.attempt, state: line?.state }, { type: 'checkout.paid', status: 500, attempt: 1, state: 'pending' });
});

test('a webhook URL whose host does not resolve is retried like any other failure', async () => {
  const event = await outboxWriter(store, clock)('co_dns');
  await worker({ url: 'http://no-such-host.invalid/webhooks' }).runOnce();
  const stored = await store.getWebhookEvent(event.id);
  assert.equal(stored?.state, 'pending');
  assert.match(stored?.lastError ?? '', /ENOTFOUND|EAI_AGAIN/);
});

test('a first delay above 0 holds the first attempt (after a write or a resend) that long', async () => {
  const event = await outboxWriter(store, clock)('co_delayed');
  const webhooks = worker({ retryMs: [500, 1_000] });
  assert.equal(await webhooks.runOnce(), 0);
  clock.advance(500);
  assert.equal(await webhooks.runOnce(), 1);
  assert.equal((await store.getWebhookEvent(event.id))?.state, 'delivered');
  await store.resendWebhookEvent(event.id, new Date(clock.now()).toISOString());
  assert.equal(await webhooks.runOnce(), 0);
  clock.advance(500);
  assert.equal(await webhooks.runOnce(), 1);
  assert.equal(receiver.received.length, 2);
});

/**
 * `GET /v1/events` and `POST /v1/events/{id}/resend` over real HTTP against a real backend.
 * Outbox rows are written through a second connection to the backend's SQLite file, in the
 * transaction of a status change as the lifecycle writes them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { WebhookEventType } from '../../server-example/lifecycle/rules';
import type { OutboxEvent, Store } from '../../server-example/store/types';
import { WebhookEventPage } from '../../server-example/webhooks/schema';
import { manualClock } from './clock';
import { outboxWriter } from './fixtures/outbox';
import { startWebhookReceiver, type WebhookReceiver } from './fixtures/webhook-receiver';
import { openTestStore, startTestServer, type TestServer } from './helpers';

type Page = ReturnType<typeof WebhookEventPage.parse>;

async function errorCode(response: Response) {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

/** Takes the event for an attempt as a worker does (the others due with it given straight back): the lease its attempt is recorded under. */
async function takeForAttempt(store: Store, id: string, nowMs: number): Promise<string> {
  const lease = new Date(nowMs + 60_000).toISOString();
  const taken = await store.dueWebhookEvents(new Date(nowMs).toISOString(), 100, lease);
  for (const other of taken) if (other.id !== id) await store.releaseWebhookEvent(other.id, lease);
  assert.ok(
    taken.some((event) => event.id === id),
    `${id} is due`,
  );
  return lease;
}

describe('GET /v1/events (no webhook URL: every event stays pending)', () => {
  const clock = manualClock(Date.parse('2025-03-01T08:00:00.000Z'));
  let server: TestServer;
  let store: Store;
  const written: OutboxEvent[] = [];

  const page = async (query: string): Promise<Page> => {
    const response = await server.merchant(`/v1/events${query}`);
    assert.equal(response.status, 200, await response.clone().text());
    // The answer is what the schema (and so the OpenAPI document) says.
    return WebhookEventPage.parse(await response.json());
  };
  const walk = async (query: string, limit: number) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const result: Page = await page(`?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(result.data.length <= limit);
      ids.push(...result.data.map((event) => event.id));
      cursor = result.nextCursor;
    } while (cursor);
    return ids;
  };
  const newestFirst = (events: OutboxEvent[]) => [...events].reverse().map((event) => event.id);

  before(async () => {
    server = await startTestServer({}, {}, {}, { clock, reconcile: false });
    store = await openTestStore(server.config.databaseFile);
    const addEvent = outboxWriter(store, clock);
    const plan: [string, WebhookEventType][] = [
      ['co_one', 'checkout.paid'],
      ['co_two', 'checkout.failed'],
      ['co_one', 'checkout.receipt'],
      ['po_one', 'payout.paid'],
      ['co_three', 'checkout.expired'],
      ['co_one', 'checkout.resolved'],
      ['po_two', 'payout.failed'],
      ['co_four', 'checkout.cancelled'],
    ];
    for (let i = 0; i < 3; i += 1) {
      for (const [subject, type] of plan) {
        written.push(await addEvent(`${subject}_${i}`, type));
        clock.advance(1_000);
      }
    }
  });
  after(async () => {
    await store.close();
    await server.close();
  });

  test('the merchant key is required', async () => {
    const response = await fetch(`http://127.0.0.1:${server.config.port}/v1/events`);
    assert.equal(response.status, 401);
    assert.equal(await errorCode(response), 'API_KEY_MISSING');
  });

  test('newest first, 20 a page by default, each with its body fields and delivery state', async () => {
    const first = await page('');
    assert.equal(first.data.length, 20);
    assert.deepEqual(
      first.data.map((event) => event.id),
      newestFirst(written).slice(0, 20),
    );
    assert.ok(first.nextCursor);
    const newest = written.at(-1)!;
    assert.deepEqual(first.data[0], {
      id: newest.id,
      type: newest.type,
      createdAt: newest.createdAt,
      subjectId: newest.subjectId,
      data: (JSON.parse(newest.payload) as { data: unknown }).data,
      delivery: { state: 'pending', attempts: 0, lastStatus: null, lastError: null, lastAttemptAt: null, nextAttemptAt: newest.createdAt, deliveredAt: null },
    });
    const rest = await page(`?cursor=${first.nextCursor}`);
    assert.deepEqual(
      rest.data.map((event) => event.id),
      newestFirst(written).slice(20),
    );
    assert.equal(rest.nextCursor, null, 'the last page says so');
  });

  test('cursor pagination walks every event once, with and without filters', async () => {
    assert.deepEqual(await walk('', 7), newestFirst(written));
    assert.deepEqual(await walk('', 100), newestFirst(written));
    assert.deepEqual(await walk('type=checkout.paid', 2), newestFirst(written.filter((event) => event.type === 'checkout.paid')));
    assert.deepEqual(await walk('checkout=co_one_1', 2), newestFirst(written.filter((event) => event.subjectId === 'co_one_1')));
    assert.equal((await walk('checkout=co_one_1', 2)).length, 3);
  });

  test('filters: type, checkout, payout, and type with a subject', async () => {
    const ids = async (query: string) => (await page(query)).data.map((event) => event.id);
    assert.deepEqual(await ids('?type=payout.failed'), newestFirst(written.filter((event) => event.type === 'payout.failed')));
    assert.deepEqual(await ids('?payout=po_one_2'), newestFirst(written.filter((event) => event.subjectId === 'po_one_2')));
    assert.deepEqual(await ids('?checkout=co_one_0&type=checkout.receipt'), newestFirst(written.filter((event) => event.subjectId === 'co_one_0' && event.type === 'checkout.receipt')));
    assert.deepEqual(await ids('?checkout=co_unknown'), []);
  });

  test('the delivery state follows the attempts', async () => {
    const target = written[0]!;
    const at = new Date(clock.now()).toISOString();
    const lease = await takeForAttempt(store, target.id, clock.now());
    assert.ok(await store.recordWebhookAttempt(target.id, { at, status: 200, response: 'ok', state: 'delivered', scheduleStep: 0 }, lease));
    const [view] = (await page(`?checkout=${target.subjectId}&type=${target.type}`)).data;
    assert.deepEqual(view?.delivery, { state: 'delivered', attempts: 1, lastStatus: 200, lastError: null, lastAttemptAt: at, nextAttemptAt: null, deliveredAt: at });
  });

  test('every malformed query is a 400 with a code', async () => {
    const cases: [string, string][] = [
      ['limit=0', 'VALIDATION_FAILED'],
      ['limit=101', 'VALIDATION_FAILED'],
      ['limit=ten', 'VALIDATION_FAILED'],
      ['limit=1.5', 'VALIDATION_FAILED'],
      ['type=checkout.unknown', 'VALIDATION_FAILED'],
      ['type=checkout.paid&type=checkout.failed', 'VALIDATION_FAILED'],
      ['checkout=co_1&payout=po_1', 'VALIDATION_FAILED'],
      ['checkout=a%20b', 'VALIDATION_FAILED'],
      ['cursor=not%2Fbase64url', 'VALIDATION_FAILED'],
      [`cursor=${Buffer.from('page 2').toString('base64url')}`, 'INVALID_CURSOR'],
      ['status=pending', 'VALIDATION_FAILED'],
    ];
    for (const [query, code] of cases) {
      const response = await server.merchant(`/v1/events?${query}`);
      assert.equal(response.status, 400, query);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, code, query);
      assert.ok(body.error.message.length > 0);
    }
  });

  test('resend: 202, queued again from the start of the schedule; an unknown id is a 404', async () => {
    const target = written[1]!;
    const lease = await takeForAttempt(store, target.id, clock.now());
    assert.ok(await store.recordWebhookAttempt(target.id, { at: new Date(clock.now()).toISOString(), status: 500, state: 'failed', scheduleStep: 3 }, lease));
    clock.advance(5_000);
    const response = await server.merchant(`/v1/events/${target.id}/resend`, { method: 'POST' });
    assert.equal(response.status, 202);
    const body = (await response.json()) as { id: string; delivery: { state: string; attempts: number; nextAttemptAt: string } };
    assert.equal(body.id, target.id);
    assert.equal(body.delivery.state, 'pending');
    assert.equal(body.delivery.attempts, 1, 'the history of attempts is kept');
    assert.equal(body.delivery.nextAttemptAt, new Date(clock.now()).toISOString());
    assert.equal((await store.getWebhookEvent(target.id))?.scheduleStep, 0);

    const unknown = await server.merchant('/v1/events/msg_unknown/resend', { method: 'POST' });
    assert.equal(unknown.status, 404);
    assert.equal(await errorCode(unknown), 'EVENT_NOT_FOUND');
    const unauthenticated = await fetch(`http://127.0.0.1:${server.config.port}/v1/events/${target.id}/resend`, { method: 'POST', headers: { Authorization: 'Bearer nope' } });
    assert.equal(unauthenticated.status, 401);
  });
});

describe('POST /v1/events/{id}/resend with a webhook URL', () => {
  let receiver: WebhookReceiver;
  let server: TestServer;
  let store: Store;

  before(async () => {
    receiver = await startWebhookReceiver(() => ({ status: 500 }));
    // One attempt only, so that the event fails at once.
    server = await startTestServer({}, {}, { MERCHANT_WEBHOOK_URL: receiver.url, MERCHANT_WEBHOOK_RETRY_MS: '0' }, { reconcile: false });
    store = await openTestStore(server.config.databaseFile);
  });
  after(async () => {
    await store.close();
    await server.close();
    await receiver.stop();
  });

  test('a failed event is sent again at once, under the same webhook-id, and delivered', async () => {
    const event = await outboxWriter(store, { now: () => Date.now() })('co_resend', 'checkout.paid');
    server.webhooks!.wake();
    await receiver.waitFor(1);
    // Queued behind the pass that sent it, so it ends once that attempt is recorded.
    await server.webhooks!.runOnce();
    const failed = (await (await server.merchant('/v1/events?checkout=co_resend')).json()) as Page;
    assert.equal(failed.data[0]?.delivery.state, 'failed');
    assert.equal(failed.data[0]?.delivery.lastStatus, 500);

    receiver.answerWith(() => ({ status: 200 }));
    const response = await server.merchant(`/v1/events/${event.id}/resend`, { method: 'POST', body: {} });
    assert.equal(response.status, 202);
    // The resend wakes the worker: no pass is driven here.
    const [first, second] = await receiver.waitFor(2);
    assert.equal(second!.headers['webhook-id'], event.id);
    assert.equal(second!.body, first!.body);
    assert.deepEqual(new Webhook(server.config.webhooks.secret).verify(second!.body, second!.headers), JSON.parse(event.payload));

    // The attempt is recorded once it ended; the next pass is queued behind it.
    await server.webhooks!.runOnce();
    const delivered = (await (await server.merchant('/v1/events?checkout=co_resend')).json()) as Page;
    assert.equal(delivered.data[0]?.delivery.state, 'delivered');
    assert.equal(delivered.data[0]?.delivery.attempts, 2);
  });
});

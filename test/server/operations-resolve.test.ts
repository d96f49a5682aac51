/**
 * `POST /v1/checkouts/{id}/resolve`: a person who checked with the provider by hand settles an
 * `outcome_unknown` checkout. Only while its outcome is unknown, once; the status stays
 * `expired`; the resolution is on the checkout and in its events, and `checkout.resolved` is
 * written to the outbox. A real backend over HTTP (MTN sandbox), manual clock, reconciler driven.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualClock } from './clock';
import { createCheckout, startTestServer, type TestServer } from './helpers';
import { expireStillOpen, listCheckouts, settleAtSandbox, SHORTEST_EXPIRY_S, type ListedCheckout } from './operations-helpers';

interface CheckoutView extends ListedCheckout {
  events: { at: string; source: string; status: string; reason?: string; resolution?: ListedCheckout['resolution'] }[];
}

interface EventPage {
  data: { id: string; type: string; subjectId: string; data: ListedCheckout }[];
}

const HOUR_S = 3_600;

describe('POST /v1/checkouts/{id}/resolve', () => {
  const clock = manualClock(Math.floor(Date.now() / 1000) * 1000);
  let server: TestServer;
  const unknown: string[] = [];
  let paid: string;
  let pending: string;

  before(async () => {
    server = await startTestServer({ giveUpAfterMs: 0 }, {}, {}, { clock, reconcile: false });
    for (let n = 0; n < 4; n++) unknown.push((await createCheckout(server, { expiresInSeconds: SHORTEST_EXPIRY_S })).id);
    const approved = await createCheckout(server, { expiresInSeconds: HOUR_S });
    await settleAtSandbox(server, approved, 'approve', 'paid');
    paid = approved.id;
    pending = (await createCheckout(server, { expiresInSeconds: HOUR_S })).id;
    await expireStillOpen(server, clock);
    const { body } = await listCheckouts(server, 'status=expired&reason=outcome_unknown');
    assert.deepEqual(new Set(body.data.map((item) => item.id)), new Set(unknown));
  });
  after(() => server.close());

  const resolve = (id: string, body: unknown) => server.merchant(`/v1/checkouts/${id}/resolve`, { body });
  const view = async (id: string) => (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as CheckoutView;
  const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;
  const resolvedEvents = async (id: string) => ((await (await server.merchant(`/v1/events?checkout=${id}&type=checkout.resolved`)).json()) as EventPage).data;

  test('records the resolution on the checkout and in its events, the status staying expired, and writes checkout.resolved', async () => {
    const id = unknown[0]!;
    const before = await view(id);
    clock.advance(5_000);
    const note = 'Called MTN support: the payer was debited at 14:02 (ticket 5531).';
    const response = await resolve(id, { outcome: 'paid', note, providerTransactionId: 'MTN-TX-88213' });
    assert.equal(response.status, 200);
    const answered = (await response.json()) as CheckoutView;
    const resolution = { outcome: 'paid', note, source: 'operator', resolvedAt: new Date(clock.now()).toISOString(), providerTransactionId: 'MTN-TX-88213' };
    assert.deepEqual(answered.resolution, resolution);
    assert.deepEqual([answered.status, answered.reason], ['expired', 'outcome_unknown'], 'a final status stays final');

    const after = await view(id);
    assert.deepEqual(after, answered, 'GET answers what resolve answered');
    assert.equal(after.events.length, before.events.length + 1, 'one event more');
    assert.deepEqual(after.events.slice(0, -1), before.events, 'the history before is untouched');
    const last = after.events.at(-1)!;
    assert.deepEqual([last.source, last.status, last.reason, last.at], ['operator', 'expired', 'outcome_unknown', resolution.resolvedAt]);
    assert.deepEqual(last.resolution, resolution);

    const [listed] = (await listCheckouts(server, `status=expired&reason=outcome_unknown&createdFrom=${encodeURIComponent(before.createdAt)}&limit=100`)).body.data.filter((item) => item.id === id);
    assert.deepEqual(listed?.resolution, resolution, 'the list shows the resolution too');

    const webhooks = await resolvedEvents(id);
    assert.equal(webhooks.length, 1, 'one checkout.resolved in the outbox');
    const { events: _history, ...data } = after;
    assert.deepEqual([webhooks[0]?.type, webhooks[0]?.subjectId], ['checkout.resolved', id]);
    assert.deepEqual(webhooks[0]?.data, data, "the webhook's data is the checkout without its events");
  });

  test('not_paid, without a provider transaction id', async () => {
    const id = unknown[1]!;
    const response = await resolve(id, { outcome: 'not_paid', note: 'Provider has no such payment.' });
    assert.equal(response.status, 200);
    const { resolution, status } = (await response.json()) as CheckoutView;
    assert.deepEqual([status, resolution?.outcome, resolution?.source, resolution?.note], ['expired', 'not_paid', 'operator', 'Provider has no such payment.']);
    assert.equal(resolution && 'providerTransactionId' in resolution, false);
  });

  test('once: a second resolve is 409 CHECKOUT_NOT_UNKNOWN and changes nothing, whatever it says', async () => {
    const id = unknown[0]!;
    const before = await view(id);
    for (const body of [
      { outcome: 'not_paid', note: 'Second opinion.' },
      { outcome: 'paid', note: before.resolution!.note },
    ]) {
      const again = await resolve(id, body);
      assert.equal(again.status, 409);
      const error = await errorOf(again);
      assert.equal(error.code, 'CHECKOUT_NOT_UNKNOWN');
      assert.match(error.message, /already resolved/);
    }
    assert.deepEqual(await view(id), before);
    assert.equal((await resolvedEvents(id)).length, 1, 'no second webhook');
  });

  test('two people at once: one resolves, the other is refused', async () => {
    const id = unknown[2]!;
    const answers = await Promise.all([resolve(id, { outcome: 'paid', note: 'Person A.' }), resolve(id, { outcome: 'not_paid', note: 'Person B.' })]);
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 409]);
    const winner = (await answers.find((answer) => answer.status === 200)!.json()) as CheckoutView;
    assert.deepEqual((await view(id)).resolution, winner.resolution);
    assert.equal((await view(id)).events.filter((event) => event.resolution).length, 1);
    assert.equal((await resolvedEvents(id)).length, 1);
  });

  test('only while the outcome is unknown: a paid or a pending checkout is 409 CHECKOUT_NOT_UNKNOWN', async () => {
    for (const id of [paid, pending]) {
      const before = await view(id);
      const response = await resolve(id, { outcome: 'paid', note: 'Checked.' });
      assert.equal(response.status, 409);
      const error = await errorOf(response);
      assert.equal(error.code, 'CHECKOUT_NOT_UNKNOWN');
      assert.match(error.message, new RegExp(`is ${before.status}`));
      assert.deepEqual(await view(id), before);
      assert.deepEqual(await resolvedEvents(id), []);
    }
  });

  test('an unknown checkout is 404 CHECKOUT_NOT_FOUND', async () => {
    const response = await resolve('co_nobody', { outcome: 'paid', note: 'Checked.' });
    assert.equal(response.status, 404);
    assert.equal((await errorOf(response)).code, 'CHECKOUT_NOT_FOUND');
  });

  test('a malformed body is a 400 VALIDATION_FAILED naming the field, and resolves nothing', async () => {
    const id = unknown[3]!;
    const cases: [unknown, string][] = [
      [{ note: 'No outcome.' }, 'outcome'],
      [{ outcome: 'maybe', note: 'Unsure.' }, 'outcome'],
      [{ outcome: 'paid' }, 'note'],
      [{ outcome: 'paid', note: '' }, 'note'],
      [{ outcome: 'paid', note: '   ' }, 'note'],
      [{ outcome: 'paid', note: 'n'.repeat(501) }, 'note'],
      [{ outcome: 'paid', note: 'Checked.', providerTransactionId: 't'.repeat(101) }, 'providerTransactionId'],
      [{ outcome: 'paid', note: 'Checked.', source: 'provider' }, ''],
    ];
    for (const [body, field] of cases) {
      const response = await resolve(id, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const error = await errorOf(response);
      assert.equal(error.code, 'VALIDATION_FAILED');
      if (field) assert.ok(error.message.startsWith(`${field}: `), error.message);
    }
    assert.equal((await view(id)).resolution, undefined);
    const longest = await resolve(id, { outcome: 'paid', note: 'n'.repeat(500), providerTransactionId: 't'.repeat(100) });
    assert.equal(longest.status, 200, '500 and 100 characters are allowed');
  });

  test('the merchant key is required', async () => {
    const response = await fetch(`http://127.0.0.1:${server.config.port}/v1/checkouts/${unknown[3]}/resolve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome: 'paid', note: 'Checked.' }),
    });
    assert.equal(response.status, 401);
    assert.equal((await errorOf(response)).code, 'API_KEY_MISSING');
  });
});

/**
 * `GET /v1/checkouts`, the operator's list: newest first, every filter on its own and combined,
 * cursor pages without duplicates or gaps (ties in createdAt included), the merchant key, and a
 * 400 naming the parameter for each malformed query. A real backend over HTTP with the MTN and
 * MoMo VN sandboxes; time is a manual clock, the reconciler driven a pass at a time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualClock } from './clock';
import { createCheckout, startTestServer, type TestServer } from './helpers';
import { expireStillOpen, listCheckouts, settleAtSandbox, SHORTEST_EXPIRY_S, type ListedCheckout } from './operations-helpers';

const HOUR_S = 3_600;
const TIED = 5;

describe('GET /v1/checkouts', () => {
  const clock = manualClock(Math.floor(Date.now() / 1000) * 1000);
  let server: TestServer;
  /** Every checkout this backend holds, as `GET /v1/checkouts/{id}` shows it, newest first. */
  let all: ListedCheckout[];
  const ids: Record<'stillOpen' | 'paid' | 'failed' | 'cancelled' | 'expired' | 'momoVn' | 'requestToPay', string> = {} as never;
  const createdAt: number[] = [];

  before(async () => {
    server = await startTestServer({ giveUpAfterMs: 0 }, {}, {}, { clock, reconcile: false });
    const at = async <T>(make: () => Promise<T>) => {
      clock.advance(1_000);
      createdAt.push(clock.now());
      return make();
    };
    ids.stillOpen = (await at(() => createCheckout(server, { expiresInSeconds: SHORTEST_EXPIRY_S, reference: 'OPS-still-open' }))).id;
    const paid = await at(() => createCheckout(server, { expiresInSeconds: HOUR_S }));
    await settleAtSandbox(server, paid, 'approve', 'paid');
    ids.paid = paid.id;
    const failed = await at(() => createCheckout(server, { expiresInSeconds: HOUR_S }));
    await settleAtSandbox(server, failed, 'decline', 'failed');
    ids.failed = failed.id;
    ids.cancelled = (await at(() => createCheckout(server, { expiresInSeconds: HOUR_S }))).id;
    assert.equal((await server.merchant(`/v1/checkouts/${ids.cancelled}/cancel`, { method: 'POST' })).status, 200);
    const expired = await at(() => createCheckout(server, { expiresInSeconds: HOUR_S }));
    await settleAtSandbox(server, expired, 'expire', 'expired');
    ids.expired = expired.id;
    ids.momoVn = (await at(() => createCheckout(server, { provider: 'momo-vn', method: 'wallet', currency: 'VND', amount: '50000', expiresInSeconds: HOUR_S }))).id;
    ids.requestToPay = (await at(() => createCheckout(server, { method: 'request-to-pay', payer: { phone: '256772123456' }, expiresInSeconds: HOUR_S }))).id;
    // Made in the same millisecond: only the id orders them.
    await at(async () => {
      for (let n = 0; n < TIED; n++) await createCheckout(server, { expiresInSeconds: HOUR_S, reference: `OPS-tied-${n}` });
    });
    await expireStillOpen(server, clock);

    const everything = await listCheckouts(server, 'limit=100');
    assert.equal(everything.status, 200);
    all = everything.body.data;
    assert.equal(everything.body.nextCursor, null);
  });
  after(() => server.close());

  const idsOf = (items: ListedCheckout[]) => items.map((item) => item.id);
  const expected = (keep: (checkout: ListedCheckout) => boolean) => idsOf(all.filter(keep));

  test('newest first by (createdAt, id); each item is the merchant view of the checkout without its events', async () => {
    assert.equal(all.length, 7 + TIED);
    const order = [...all].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
    assert.deepEqual(idsOf(all), idsOf(order));
    assert.equal(all.at(-1)?.id, ids.stillOpen, 'the first made is last');
    for (const item of all) {
      const { events, ...withoutEvents } = (await (await server.merchant(`/v1/checkouts/${item.id}`)).json()) as ListedCheckout;
      assert.ok(Array.isArray(events), 'GET /v1/checkouts/{id} still answers, with its history');
      assert.deepEqual(item, withoutEvents);
    }
  });

  test('status=expired&reason=outcome_unknown lists what needs a person, and nothing else', async () => {
    const { status, body } = await listCheckouts(server, 'status=expired&reason=outcome_unknown');
    assert.equal(status, 200);
    assert.deepEqual(idsOf(body.data), [ids.stillOpen]);
    assert.deepEqual([body.data[0]?.status, body.data[0]?.reason], ['expired', 'outcome_unknown']);
    const merely = await listCheckouts(server, 'status=expired&reason=expired');
    assert.deepEqual(idsOf(merely.body.data), [ids.expired], 'an expiry the provider reported needs nobody');
  });

  test('each filter on its own keeps exactly the checkouts that match it', async () => {
    const cases: [string, (checkout: ListedCheckout) => boolean, number][] = [
      ['status=paid', (c) => c.status === 'paid', 1],
      ['status=failed', (c) => c.status === 'failed', 1],
      ['status=cancelled', (c) => c.status === 'cancelled', 1],
      ['status=expired', (c) => c.status === 'expired', 2],
      ['status=pending', (c) => c.status === 'pending', 2 + TIED],
      ['status=processing', (c) => c.status === 'processing', 0],
      ['reason=outcome_unknown', (c) => c.reason === 'outcome_unknown', 1],
      ['provider=momo-vn', (c) => c.provider === 'momo-vn', 1],
      ['provider=mtn-momo', (c) => c.provider === 'mtn-momo', 6 + TIED],
      ['method=request-to-pay', (c) => c.method === 'request-to-pay', 1],
      ['method=invoice', (c) => c.method === 'invoice', 5 + TIED],
      ['reference=OPS-tied-3', (c) => c.reference === 'OPS-tied-3', 1],
      ['reference=OPS-nobody', () => false, 0],
      // Read in the form references are stored in, as at create: trimmed, spaces as one.
      ['reference=%20OPS-tied-3%20', (c) => c.reference === 'OPS-tied-3', 1],
    ];
    for (const [query, keep, count] of cases) {
      const { status, body } = await listCheckouts(server, query);
      assert.equal(status, 200, query);
      assert.equal(body.data.length, count, query);
      assert.deepEqual(idsOf(body.data), expected(keep), query);
    }
  });

  test('the created-at range: createdFrom inclusive, createdTo exclusive, any offset', async () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const [first, second, third] = createdAt as [number, number, number];
    const from = await listCheckouts(server, `createdFrom=${encodeURIComponent(iso(second))}`);
    assert.deepEqual(
      idsOf(from.body.data),
      expected((c) => Date.parse(c.createdAt) >= second),
    );
    assert.ok(idsOf(from.body.data).includes(ids.paid), 'made at createdFrom exactly: in');
    assert.ok(!idsOf(from.body.data).includes(ids.stillOpen));

    const to = await listCheckouts(server, `createdTo=${encodeURIComponent(iso(third))}`);
    assert.deepEqual(idsOf(to.body.data), [ids.paid, ids.stillOpen], 'made at createdTo exactly: out');

    // The same instant, written at +01:00 and without milliseconds.
    const plusOne = new Date(second + HOUR_S * 1000).toISOString().replace('.000Z', '+01:00');
    const between = await listCheckouts(server, `createdFrom=${encodeURIComponent(iso(first))}&createdTo=${encodeURIComponent(plusOne)}`);
    assert.deepEqual(idsOf(between.body.data), [ids.stillOpen]);
  });

  test('filters combine', async () => {
    const { body } = await listCheckouts(server, 'provider=mtn-momo&method=invoice&status=pending');
    assert.deepEqual(
      idsOf(body.data),
      expected((c) => c.provider === 'mtn-momo' && c.method === 'invoice' && c.status === 'pending'),
    );
    assert.equal(body.data.length, TIED);
  });

  test('pages follow nextCursor to the end, without duplicates or gaps, ties included; the filters hold on every page', async () => {
    for (const [filter, keep] of [
      ['', () => true],
      ['status=pending&', (c: ListedCheckout) => c.status === 'pending'],
    ] as const) {
      for (const limit of [1, 2, 3]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const { status, body }: Awaited<ReturnType<typeof listCheckouts>> = await listCheckouts(server, `${filter}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(status, 200);
          assert.ok(body.data.length <= limit);
          assert.ok(body.data.length > 0, 'no empty page before the end');
          seen.push(...idsOf(body.data));
          cursor = body.nextCursor;
          pages++;
        } while (cursor);
        assert.deepEqual(seen, expected(keep), `${filter}limit=${limit}`);
        assert.equal(pages, Math.ceil(seen.length / limit));
      }
    }
  });

  test('20 by default; a page that ends the list has nextCursor null', async () => {
    const { body } = await listCheckouts(server, '');
    assert.equal(body.data.length, all.length, 'fewer than 20 here: all on one page');
    assert.equal(body.nextCursor, null);
    const exact = await listCheckouts(server, `limit=${all.length}`);
    assert.equal(exact.body.nextCursor, null, 'a full last page has no next one');
  });

  test('the merchant key is required', async () => {
    const base = `http://127.0.0.1:${server.config.port}/v1/checkouts`;
    const missing = await fetch(base);
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'API_KEY_MISSING');
    const wrong = await fetch(`${base}?status=expired&reason=outcome_unknown`, { headers: { Authorization: 'Bearer sk_wrong' } });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, 'API_KEY_INVALID');
  });

  test('a malformed query is a 400 VALIDATION_FAILED whose message names the parameter', async () => {
    const cases: [string, string][] = [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=2.5', 'limit'],
      ['limit=many', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('["yesterday","co_1"]').toString('base64url')}`, 'cursor'],
      ['status=open', 'status'],
      ['reason=unknown', 'reason'],
      ['provider=', 'provider'],
      ['method=', 'method'],
      [`reference=${'r'.repeat(65)}`, 'reference'],
      ['createdFrom=yesterday', 'createdFrom'],
      ['createdFrom=2025-03-01', 'createdFrom'],
      ['createdTo=2025-03-01T10:00:00', 'createdTo'],
      ['status=paid&status=failed', 'status'],
      ['state=paid', 'state'],
    ];
    for (const [query, param] of cases) {
      const { status, body } = await listCheckouts(server, query);
      assert.equal(status, 400, query);
      assert.equal(body.error?.code, 'VALIDATION_FAILED', query);
      assert.ok(body.error?.message.startsWith(`${param}: `), `${query}: ${body.error?.message}`);
    }
  });
});

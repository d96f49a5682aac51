import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { StatusUpdate } from '../../contract';
import type { CheckoutRecord, Store } from '../../server-example/store/types';
import { createCheckoutTokens } from '../../server-example/token';
import { createCheckout, openTestStore, readStatusEvents, startTestServer, type TestServer } from './helpers';

describe('Store.checkoutVersion', () => {
  const dir = mkdtempSync(join(tmpdir(), 'momo-version-'));
  let store: Store;
  before(async () => {
    store = await openTestStore(join(dir, 'store.sqlite'));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('answers the version getCheckout reads, as it moves; undefined for an unknown checkout', async () => {
    const now = new Date().toISOString();
    const checkout: CheckoutRecord = {
      id: 'co_version',
      provider: 'mtn-momo',
      method: 'invoice',
      amount: '100',
      currency: 'UGX',
      reference: 'R-V',
      status: 'pending',
      instructions: [],
      expiresAt: now,
      createdAt: now,
      updatedAt: now,
      version: 0,
      pollAttempts: 0,
    };
    await store.insertCheckout(checkout);
    assert.equal(await store.checkoutVersion(checkout.id), 0);
    assert.equal(await store.changeStatus(checkout.id, 0, { status: 'paid', source: 'callback', at: now }), true);
    assert.equal(await store.checkoutVersion(checkout.id), 1);
    assert.equal((await store.getCheckout(checkout.id))?.version, 1);
    assert.equal(await store.checkoutVersion('co_missing'), undefined);
    assert.deepEqual(await store.checkoutVersions([checkout.id, 'co_missing']), new Map([[checkout.id, 1]]), 'many at once: those that exist');
    assert.deepEqual(await store.checkoutVersions([]), new Map());
  });
});

describe('GET /v1/session/status with If-None-Match', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const read = async (token: string, headers: Record<string, string> = {}) => {
    const response = await server.element('/v1/session/status', token, headers);
    return { response, body: response.status === 200 ? ((await response.json()) as StatusUpdate) : await response.text() };
  };

  test('a 304 carries the ETag and the headers a 200 does, and no body', async () => {
    const { token } = await createCheckout(server);
    const first = await read(token);
    const etag = first.response.headers.get('etag')!;
    for (const tags of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const poll = await read(token, { 'If-None-Match': tags });
      assert.equal(poll.response.status, 304, tags);
      assert.equal(poll.body, '', tags);
      assert.equal(poll.response.headers.get('etag'), etag, tags);
      assert.equal(poll.response.headers.get('cache-control'), 'no-store', tags);
      assert.equal(poll.response.headers.get('access-control-allow-origin'), '*', tags);
      assert.equal(poll.response.headers.get('access-control-expose-headers'), 'ETag', tags);
    }
    const stale = await read(token, { 'If-None-Match': '"co_x.0"' });
    assert.equal(stale.response.status, 200);
    assert.deepEqual(stale.body, first.body);
  });

  test('after a 304, a change answers 200 with the new status, the same a plain read gets, and its ETag polls 304 again', async () => {
    const { id, token } = await createCheckout(server);
    const first = await read(token);
    const etag = first.response.headers.get('etag')!;
    assert.equal((await read(token, { 'If-None-Match': etag })).response.status, 304);
    const paid = readStatusEvents(server, token, (update) => update.status === 'paid');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    await paid;
    const changed = await read(token, { 'If-None-Match': etag });
    assert.equal(changed.response.status, 200);
    assert.equal((changed.body as StatusUpdate).status, 'paid');
    const plain = await read(token);
    assert.deepEqual(changed.body, plain.body);
    const newEtag = changed.response.headers.get('etag')!;
    assert.notEqual(newEtag, etag);
    assert.equal(plain.response.headers.get('etag'), newEtag);
    assert.equal((await read(token, { 'If-None-Match': newEtag })).response.status, 304);
  });

  test('a genuine token for a checkout this backend does not hold is a 401, even with If-None-Match: *', async () => {
    const token = await createCheckoutTokens(server.config.tokenSecret, server.url).sign('co_not_held', new Date(Date.now() + 60_000));
    const poll = await server.element('/v1/session/status', token, { 'If-None-Match': '*' });
    assert.equal(poll.status, 401);
    assert.equal(((await poll.json()) as { error: { code: string } }).error.code, 'TOKEN_INVALID');
  });
});

/**
 * One Idempotency-Key, one checkout, one provider create: across two instances at once, and across
 * a SIGKILL under 40 concurrent creates. MTN is a sandbox served by this test process, behind a
 * proxy (fixtures/provider-proxy.ts) that counts the creates reaching it and holds their answers,
 * so that the kill lands mid-call; half of them it never forwards (lost before reaching MTN).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { IDEMPOTENCY_LEASE_MS } from '../../server-example/http/idempotency';
import { startBackendProcess } from './fixtures/backend-process';
import { isMtnInvoiceCreate, mtnInvoiceOrder, startProviderProxy, type ProviderProxy } from './fixtures/provider-proxy';
import { startTestServer, type TestServer } from './helpers';

let provider: TestServer;
let proxy: ProviderProxy;
let mtnEnv: Record<string, string>;
const dirs: string[] = [];

before(async () => {
  provider = await startTestServer();
  const sandbox = `${provider.url}/sandbox/mtn-momo`;
  proxy = await startProviderProxy(sandbox, isMtnInvoiceCreate, mtnInvoiceOrder);
  // One API user for every backend, as a deployment has: what one created, the next can ask about.
  const subscriptionKey = 'momo-sandbox-subscription-key';
  const apiUser = randomUUID();
  const headers = { 'Ocp-Apim-Subscription-Key': subscriptionKey, 'Content-Type': 'application/json' };
  await fetch(`${sandbox}/v1_0/apiuser`, { method: 'POST', headers: { ...headers, 'X-Reference-Id': apiUser }, body: JSON.stringify({ providerCallbackHost: 'localhost' }) });
  const { apiKey } = (await (await fetch(`${sandbox}/v1_0/apiuser/${apiUser}/apikey`, { method: 'POST', headers })).json()) as { apiKey: string };
  // No poll comes due during a test: whatever is finished, the retries finish.
  mtnEnv = { MTN_BASE_URL: proxy.url, MTN_TARGET_ENVIRONMENT: 'sandbox', MTN_SUBSCRIPTION_KEY: subscriptionKey, MTN_API_USER: apiUser, MTN_API_KEY: apiKey, RECONCILE_FIRST_POLL_MS: '600000' };
});
after(async () => {
  await proxy.close();
  await provider.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'momo-idempotency-'));
  dirs.push(dir);
  return dir;
};
const order = (reference: string) => ({ provider: 'mtn-momo', method: 'invoice', amount: '15.00', currency: 'EUR', reference });
type Merchant = (path: string, init?: { body?: unknown; idempotencyKey?: string }) => Promise<Response>;

/** The checkouts listed for `reference`: there must be one per order. */
async function checkoutsFor(merchant: Merchant, reference: string): Promise<string[]> {
  const response = await merchant(`/v1/checkouts?reference=${encodeURIComponent(reference)}`);
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { data: { id: string }[] }).data.map((checkout) => checkout.id);
}

/** The creates for `reference` that reached MTN, and the reference ids every create for it was sent under. */
function createsAtMtn(reference: string) {
  const sent = proxy.creates.filter((create) => create.order === reference);
  return { reached: sent.filter((create) => create.policy !== 'drop').length, referenceIds: new Set(sent.map((create) => create.referenceId)) };
}

test('the same key sent to two instances at once: one checkout, one provider create, the other told to retry', async () => {
  const dir = dataDir();
  const instances = [await startTestServer({}, {}, mtnEnv, { dataDir: dir }), await startTestServer({}, {}, mtnEnv, { dataDir: dir })];
  try {
    // Each instance fetches its MTN token first.
    for (const instance of instances) assert.equal((await instance.merchant('/v1/checkouts', { body: order(`WARM-${randomUUID()}`), idempotencyKey: randomUUID() })).status, 201);
    const before = proxy.creates.length;
    proxy.setPolicy(() => 'hold');
    const key = randomUUID();
    const body = order(`TWICE-${randomUUID()}`);
    const answers = instances.map((instance) => instance.merchant('/v1/checkouts', { body, idempotencyKey: key }));
    // The holder's create is held at MTN: the other's answer comes first.
    const first = await Promise.race(answers);
    assert.equal(first.status, 409, await first.clone().text());
    assert.equal(((await first.json()) as { error: { code: string } }).error.code, 'IDEMPOTENCY_KEY_IN_USE');
    assert.match(first.headers.get('retry-after') ?? '', /^\d+$/);
    await proxy.waitForCreates(before + 1);
    proxy.releaseHeld();
    const statuses = await Promise.all(answers.map(async (answer) => (await answer).status));
    assert.deepEqual(statuses.sort(), [201, 409]);

    assert.equal(proxy.creates.length - before, 1, 'one create reached MTN');
    const [id, ...others] = await checkoutsFor(instances[0]!.merchant, body.reference);
    assert.deepEqual(others, [], 'one checkout');
    for (const instance of instances) {
      const again = await instance.merchant('/v1/checkouts', { body, idempotencyKey: key });
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.equal(((await again.json()) as { id: string }).id, id);
    }
  } finally {
    proxy.releaseHeld();
    for (const instance of instances) await instance.close();
  }
});

test('a backend SIGKILLed under 40 concurrent creates: after its leases lapse every key gives its one checkout, each created at MTN once', async () => {
  const dir = dataDir();
  const dying = await startBackendProcess(dir, mtnEnv);
  const warm = await dying.merchant('/v1/checkouts', { body: order(`WARM-${randomUUID()}`), idempotencyKey: randomUUID() });
  assert.equal(warm.status, 201, await warm.text());

  const before = proxy.creates.length;
  // Half reach MTN and their answer is held; half are lost on the way: the kill lands mid-call for all.
  proxy.setPolicy((index) => ((index - before) % 2 === 0 ? 'hold' : 'drop'));
  const run = randomUUID().slice(0, 8);
  const orders = Array.from({ length: 40 }, (_, i) => ({ key: randomUUID(), body: order(`CRASH-${run}-${i}`) }));
  const cut = orders.map(({ key, body }) =>
    dying.merchant('/v1/checkouts', { body, idempotencyKey: key }).then(
      (response) => response.status,
      () => 'cut',
    ),
  );
  await proxy.waitForCreates(before + orders.length);
  await dying.kill();
  assert.deepEqual(new Set(await Promise.all(cut)), new Set(['cut']), 'every create died mid-call');
  proxy.releaseHeld();

  // Restarted on the same data, later than the dead requests' leases.
  const restarted = await startBackendProcess(dir, mtnEnv, IDEMPOTENCY_LEASE_MS + 5_000);
  try {
    const retried = await Promise.all(
      orders.map(async ({ key, body }) => {
        const response = await restarted.merchant('/v1/checkouts', { body, idempotencyKey: key });
        return { status: response.status, body: (await response.json()) as { id: string; token?: string; status: string } };
      }),
    );
    for (const [i, answer] of retried.entries()) {
      assert.equal(answer.status, 201, `${orders[i]!.body.reference}: ${JSON.stringify(answer.body)}\n${restarted.stderr.join('')}`);
      assert.ok(answer.body.token, 'with a fresh token');
      assert.equal(answer.body.status, 'pending');
    }
    for (const [i, { body }] of orders.entries()) {
      assert.deepEqual(await checkoutsFor(restarted.merchant, body.reference), [retried[i]!.body.id], `${body.reference}: one checkout, the one the dead request made`);
      const { reached, referenceIds } = createsAtMtn(body.reference);
      assert.equal(reached, 1, `${body.reference}: created at MTN once`);
      assert.equal(referenceIds.size, 1, `${body.reference}: a create sent again goes under its first reference id`);
    }
    const lost = proxy.creates.filter((create) => create.policy === 'drop' && create.order.startsWith(`CRASH-${run}-`)).map((create) => create.order);
    assert.equal(lost.length, orders.length / 2);
    assert.ok(
      lost.every((reference) => proxy.creates.filter((create) => create.order === reference).length === 2),
      'the creates lost on the way were sent again once MTN said it had none',
    );

    const replay = await restarted.merchant('/v1/checkouts', { body: orders[0]!.body, idempotencyKey: orders[0]!.key });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await replay.json()) as { id: string }).id, retried[0]!.body.id);
  } finally {
    await restarted.kill();
  }
});

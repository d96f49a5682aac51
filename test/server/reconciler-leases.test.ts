/**
 * Two instances' reconcilers on one database: each due checkout is polled by one of them, once
 * per pass, never by both. MTN's status calls are counted by a proxy in front of its sandbox.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { manualClock } from './clock';
import { startProviderProxy, type ProviderProxy } from './fixtures/provider-proxy';
import { createCheckout, startTestServer, type TestServer } from './helpers';

const INVOICE_STATUS = /^\/collection\/v2_0\/invoice\/([^/?]+)$/;
let provider: TestServer;
let statusCalls: ProviderProxy;
let mtnEnv: Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), 'momo-reconciler-leases-'));

before(async () => {
  provider = await startTestServer();
  const sandbox = `${provider.url}/sandbox/mtn-momo`;
  statusCalls = await startProviderProxy(
    sandbox,
    (method, path) => method === 'GET' && INVOICE_STATUS.test(path),
    () => '',
  );
  const subscriptionKey = 'momo-sandbox-subscription-key';
  const apiUser = randomUUID();
  const headers = { 'Ocp-Apim-Subscription-Key': subscriptionKey, 'Content-Type': 'application/json' };
  await fetch(`${sandbox}/v1_0/apiuser`, { method: 'POST', headers: { ...headers, 'X-Reference-Id': apiUser }, body: JSON.stringify({ providerCallbackHost: 'localhost' }) });
  const { apiKey } = (await (await fetch(`${sandbox}/v1_0/apiuser/${apiUser}/apikey`, { method: 'POST', headers })).json()) as { apiKey: string };
  mtnEnv = { MTN_BASE_URL: statusCalls.url, MTN_TARGET_ENVIRONMENT: 'sandbox', MTN_SUBSCRIPTION_KEY: subscriptionKey, MTN_API_USER: apiUser, MTN_API_KEY: apiKey };
});
after(async () => {
  await statusCalls.close();
  await provider.close();
  rmSync(dir, { recursive: true, force: true });
});

test('two reconcilers passing at once poll each due checkout once between them', async () => {
  const clock = manualClock();
  const times = { firstPollDelayMs: 1_000, maxPollDelayMs: 60_000 };
  const instances = [await startTestServer(times, {}, mtnEnv, { clock, reconcile: false, dataDir: dir }), await startTestServer(times, {}, mtnEnv, { clock, reconcile: false, dataDir: dir })];
  try {
    const created = [];
    for (let i = 0; i < 12; i += 1) created.push(await createCheckout(instances[i % 2]!, { currency: 'EUR', amount: '15.00' }));
    clock.advance(2_000);
    const before = statusCalls.creates.length;
    const worked = await Promise.all(instances.map((instance) => instance.reconciler.runOnce()));
    assert.equal(worked[0]! + worked[1]!, created.length, 'between them every due checkout was worked, each by one');
    const polled = statusCalls.creates.slice(before).map((call) => call.referenceId);
    assert.equal(polled.length, created.length, 'one status call per checkout: none was asked twice');

    // Each was rescheduled (which ends its lease): the next pass, once due, polls each once again.
    assert.deepEqual(await Promise.all(instances.map((instance) => instance.reconciler.runOnce())), [0, 0]);
    clock.advance(2_000);
    const again = await Promise.all(instances.map((instance) => instance.reconciler.runOnce()));
    assert.equal(again[0]! + again[1]!, created.length);
  } finally {
    for (const instance of instances) await instance.close();
  }
});

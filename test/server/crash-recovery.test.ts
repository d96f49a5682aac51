import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { manualClock } from './clock';
import { createCheckout, dataDirDatabase, queryTestDatabase, startTestServer, type TestServer } from './helpers';

// A backend killed during an MTN invoice create leaves the checkout, the create call's reference id
// (written before it was sent) and a live invoice at MTN that nobody follows. MTN here is a sandbox
// served by another process, so it outlives the backend, as the real one does.
const PAY_IN_FLIGHT_MS = 150_000;
const clock = manualClock();
let provider: TestServer;
let mtnEnv: NodeJS.ProcessEnv;

before(async () => {
  provider = await startTestServer();
  // One API user for every backend process, as a deployment has: what one created, the next can ask about.
  const base = `${provider.url}/sandbox/mtn-momo`;
  const subscriptionKey = 'momo-sandbox-subscription-key';
  const apiUser = crypto.randomUUID();
  const headers = { 'Ocp-Apim-Subscription-Key': subscriptionKey, 'Content-Type': 'application/json' };
  await fetch(`${base}/v1_0/apiuser`, { method: 'POST', headers: { ...headers, 'X-Reference-Id': apiUser }, body: JSON.stringify({ providerCallbackHost: 'localhost' }) });
  const { apiKey } = (await (await fetch(`${base}/v1_0/apiuser/${apiUser}/apikey`, { method: 'POST', headers })).json()) as { apiKey: string };
  mtnEnv = { MTN_BASE_URL: base, MTN_TARGET_ENVIRONMENT: 'sandbox', MTN_SUBSCRIPTION_KEY: subscriptionKey, MTN_API_USER: apiUser, MTN_API_KEY: apiKey };
});
after(() => provider.close());

const backend = (dataDir: string) => startTestServer({ payInFlightMs: PAY_IN_FLIGHT_MS, firstPollDelayMs: 1_000, maxPollDelayMs: 1_000 }, {}, mtnEnv, { clock, reconcile: false, dataDir });

/** Creates an invoice whose answer never comes back, and kills the backend while it waits; returns the checkout id and the call's reference id. */
async function createThatDiesMidCall(dataDir: string): Promise<{ checkoutId: string; referenceId: string }> {
  const dying = await backend(dataDir);
  await createCheckout(dying, { currency: 'EUR', amount: '15.00' }); // provisions MTN's API user and token first
  await provider.sandbox('/mtn-momo/control/faults', { hangNext: { count: 1, ms: 600_000 } }, 'PUT');
  // Its answer never comes: the process dies while it waits.
  void dying
    .merchant('/v1/checkouts', { body: { provider: 'mtn-momo', method: 'invoice', amount: '15.00', currency: 'EUR', reference: 'CRASH' }, idempotencyKey: crypto.randomUUID() })
    .catch(() => undefined);
  const unfinished = async () =>
    (await queryTestDatabase(dataDirDatabase(dataDir), "SELECT reference_id, checkout_id FROM outbound_calls WHERE outcome IS NULL AND operation = 'collection.invoice.create'"))[0] as
      | { reference_id: string; checkout_id: string }
      | undefined;
  // The reference id is written before the request leaves, a few event-loop turns after the POST (bounded).
  let call = await unfinished();
  for (let turns = 0; !call && turns < 200; turns += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    call = await unfinished();
  }
  assert.ok(call, 'the create call was recorded before it was sent');
  await dying.close();
  return { checkoutId: call.checkout_id, referenceId: call.reference_id };
}

async function checkoutOf(server: TestServer, id: string) {
  return (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as { status: string; providerReference?: string };
}

test('an MTN invoice whose create died mid-call, then paid, is found by its stored reference id after a restart and ends paid, with its webhook', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'momo-crash-'));
  try {
    const { checkoutId, referenceId } = await createThatDiesMidCall(dataDir);
    const approved = await provider.sandbox(`/mtn-momo/control/invoices/${referenceId}/approve`);
    assert.ok(approved.status < 300, await approved.text());

    const restarted = await backend(dataDir);
    try {
      await restarted.reconciler.runOnce();
      assert.equal((await checkoutOf(restarted, checkoutId)).status, 'pending', 'a create call that may still answer is left alone');
      clock.advance(PAY_IN_FLIGHT_MS + 1);
      await restarted.reconciler.runOnce();
      const settled = await checkoutOf(restarted, checkoutId);
      assert.deepEqual([settled.status, settled.providerReference], ['paid', referenceId]);
      const events = (await (await restarted.merchant(`/v1/events?checkout=${checkoutId}`)).json()) as { data: { type: string }[] };
      assert.deepEqual(
        events.data.map((event) => event.type),
        ['checkout.paid'],
      );
    } finally {
      await restarted.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('one that nobody paid is closed at MTN at its expiry and ends expired, never left payable', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'momo-crash-'));
  try {
    const { checkoutId, referenceId } = await createThatDiesMidCall(dataDir);
    const restarted = await backend(dataDir);
    try {
      clock.advance(16 * 60_000);
      await restarted.reconciler.runOnce();
      assert.equal((await checkoutOf(restarted, checkoutId)).status, 'expired');
      const late = await provider.sandbox(`/mtn-momo/control/invoices/${referenceId}/approve`);
      assert.ok(late.status >= 400, 'the invoice was cancelled at MTN: nobody can pay it after');
    } finally {
      await restarted.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { manualClock } from './clock';
import { createCheckout, dataDirDatabase, queryTestDatabase, startTestServer, type TestServer } from './helpers';

// A backend killed while Dollr holds the answer of a collection's execution. Dollr executed it,
// the payer approves, and the receipt is Dollr's page of the invoice the execution paid: an id
// Dollr assigned mid-call, which the restarted backend must still know. Dollr here is a sandbox
// served by another process, so it outlives the backend, as the real one does.
const PAY_IN_FLIGHT_MS = 150_000;
const PHONE = '231881234567';
const clock = manualClock();
let provider: TestServer;
let dollrEnv: NodeJS.ProcessEnv;

before(async () => {
  provider = await startTestServer();
  dollrEnv = { DOLLR_BASE_URL: `${provider.url}/sandbox/dollr`, DOLLR_CLIENT_ID: 'dollr-sandbox-client', DOLLR_CLIENT_SECRET: 'dollr-sandbox-secret' };
});
after(() => provider.close());

const backend = (dataDir: string) => startTestServer({ payInFlightMs: PAY_IN_FLIGHT_MS, firstPollDelayMs: 1_000, maxPollDelayMs: 1_000 }, {}, dollrEnv, { clock, reconcile: false, dataDir });

/** Re-runs `probe`, one event-loop turn apart, a bounded number of times, until it returns something. */
async function soon<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let turns = 0; turns < 2_000; turns += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('never happened');
}

/** A Dollr collection whose execution Dollr runs but never answers; the backend dies waiting. Returns the checkout id and the execution's reference_id. */
async function payThatDiesMidCall(dataDir: string): Promise<{ checkoutId: string; referenceId: string }> {
  const dying = await backend(dataDir);
  const { id, token } = await createCheckout(dying, { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD', description: 'Notebooks' });
  await provider.sandbox('/dollr/control/faults', { hangNext: { count: 1, ms: 600_000, path: '/v1/executions/collection' } }, 'PUT');
  void fetch(`http://127.0.0.1:${dying.config.port}/v1/session/pay`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone: PHONE }),
  }).catch(() => undefined);
  const call = await soon(
    async () =>
      (await queryTestDatabase(dataDirDatabase(dataDir), "SELECT reference_id FROM outbound_calls WHERE checkout_id = ? AND operation = 'dollr.collection.pay' AND outcome IS NULL", [id]))[0] as
        | { reference_id: string }
        | undefined,
  );
  // Dollr has executed it (its answer is held): the process dies before hearing back.
  await soon(async () => ((await provider.sandbox(`/dollr/control/collections/${call.reference_id}`, undefined, 'GET')).ok ? true : undefined));
  await dying.close();
  return { checkoutId: id, referenceId: call.reference_id };
}

test('a Dollr collection whose execution answer was lost in a crash, then approved, ends paid with its receipt after a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'momo-dollr-crash-'));
  try {
    const { checkoutId, referenceId } = await payThatDiesMidCall(dataDir);
    const approved = await provider.sandbox(`/dollr/control/collections/${referenceId}/approve`);
    assert.equal(approved.status, 200, await approved.text());

    const restarted = await backend(dataDir);
    try {
      clock.advance(PAY_IN_FLIGHT_MS + 1);
      await restarted.reconciler.runOnce();
      const checkout = (await (await restarted.merchant(`/v1/checkouts/${checkoutId}`)).json()) as { status: string; receiptUrl?: string; providerReference?: string };
      assert.equal(checkout.status, 'paid');
      assert.match(checkout.providerReference ?? '', new RegExp(`^${referenceId}:\\d+$`), 'asked about by the execution and the invoice it paid');
      assert.ok(checkout.receiptUrl, 'the receipt Dollr issued is found, though its invoice id was learnt by the process that died');
      const page = await fetch(checkout.receiptUrl);
      assert.equal(page.status, 200);
    } finally {
      await restarted.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('one whose answer was lost while the backend stayed up keeps the invoice it paid too, across a later restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'momo-dollr-lost-'));
  try {
    const running = await backend(dataDir);
    after(() => running.close().catch(() => undefined));
    const { id, token } = await createCheckout(running, { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD', description: 'Notebooks' });
    // The execution's answer is lost, and Dollr cannot be asked about it just then either.
    await provider.sandbox('/dollr/control/faults', { loseAnswer: { count: 1, path: '/v1/executions/collection' }, failNext: { status: 503, count: 10, path: '/v1/status/' } }, 'PUT');
    const paying = await fetch(`http://127.0.0.1:${running.config.port}/v1/session/pay`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: PHONE }),
    });
    assert.equal(paying.status, 502, 'the answer was lost: the payer is told the phone may still ring');
    const stored = (await (await running.merchant(`/v1/checkouts/${id}`)).json()) as { providerReference?: string };
    await running.close();
    await provider.sandbox('/dollr/control/faults', undefined, 'DELETE');
    assert.match(stored.providerReference ?? '', /^[\w-]+:\d+$/, 'the execution and the invoice it pays, as noted before the call');
    const referenceId = stored.providerReference!.split(':')[0]!;
    assert.equal((await provider.sandbox(`/dollr/control/collections/${referenceId}/approve`)).status, 200);

    const restarted = await backend(dataDir);
    try {
      clock.advance(2_000); // its first poll is due
      await restarted.reconciler.runOnce();
      const checkout = (await (await restarted.merchant(`/v1/checkouts/${id}`)).json()) as { status: string; receiptUrl?: string };
      assert.equal(checkout.status, 'paid');
      assert.ok(checkout.receiptUrl, 'the receipt is found by the invoice id stored with the reference');
    } finally {
      await restarted.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

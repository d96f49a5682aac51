/**
 * Dollr, fee bearer PAYER: the payer agrees to the fee shown for the number they send. A payer who
 * typed an Orange number (another fee: FEE_CHANGED) and corrects it back to their MTN number, whose
 * fee they were shown first, is not refused again: one correction is enough. Any fee the page
 * showed for an operator on this checkout is agreed to by sending a number of it, whichever fee the
 * page shows now; the fees shown are kept with the checkout, so a restart forgets none.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ApiErrorBody, PushInstruction, Session } from '../../contract';
import { manualClock } from './clock';
import { createCheckout, startTestServer, type TestServer } from './helpers';

const MTN_LR = '231881234567';
const ORANGE_LR = '231771234567';
/** The sandbox's schedule for 20.00 USD: MTN Liberia 3 % + 1 %, Orange 3.5 % + 1 %. */
const MTN_FEE = { amount: '0.80', currency: 'USD', payerAmount: '20.80' };
const ORANGE_FEE = { amount: '0.90', currency: 'USD', payerAmount: '20.90' };

describe('Dollr: correcting the number back to the operator whose fee was shown', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const pay = (token: string, phone: string, fee: string) =>
    fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone, fee }),
    });
  const shownFee = async (token: string) => (((await (await server.element('/v1/session', token)).json()) as Session).instructions[0] as PushInstruction).fee;
  const executionsOf = async (reference: string) => {
    const { executions } = (await (await server.sandbox('/dollr/control/state', undefined, 'GET')).json()) as {
      executions: { phone: string; payer_amount: number; invoice?: { reference_id: string | null } }[];
    };
    return executions.filter((execution) => execution.invoice?.reference_id === reference);
  };

  test('MTN fee shown → Orange number: FEE_CHANGED with its fee → back to MTN with that fee on the page: sent at once, at the MTN fee shown first', async () => {
    const reference = `FEE-${Math.random().toString(36).slice(2, 10)}`;
    const { token } = await createCheckout(server, { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD', reference });
    assert.deepEqual(await shownFee(token), MTN_FEE);
    const feeChanged: string[] = [];

    const orange = await pay(token, ORANGE_LR, MTN_FEE.amount);
    assert.equal(orange.status, 409);
    feeChanged.push(((await orange.json()) as ApiErrorBody).error.code);
    assert.deepEqual(await shownFee(token), ORANGE_FEE);

    // The payer meant their MTN number; the page still shows the Orange fee it last heard.
    const mtn = await pay(token, MTN_LR, ORANGE_FEE.amount);
    if (mtn.status === 409) feeChanged.push(((await mtn.clone().json()) as ApiErrorBody).error.code);
    assert.deepEqual(feeChanged, ['FEE_CHANGED'], 'one FEE_CHANGED at most');
    assert.equal(mtn.status, 202, await mtn.clone().text());
    const executions = await executionsOf(reference);
    assert.deepEqual(
      executions.map((execution) => [execution.phone, execution.payer_amount]),
      [[MTN_LR, 20.8]],
      'the push goes once, with the fee shown for an MTN number',
    );
    assert.deepEqual(await shownFee(token), MTN_FEE, 'the wait screen shows what is asked');
  });

  test('a fee seen for an operator on this checkout is agreed to, though the page now shows another (lower) one', async () => {
    const { token } = await createCheckout(server, { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD' });
    assert.equal((await pay(token, ORANGE_LR, MTN_FEE.amount)).status, 409);
    // Orange's 0.90 was shown for this Orange number; a page that still says 0.80 does not refuse it twice.
    const sent = await pay(token, ORANGE_LR, MTN_FEE.amount);
    assert.equal(sent.status, 202, await sent.clone().text());
  });

  test('a fee never shown for that operator is FEE_CHANGED', async () => {
    const { token } = await createCheckout(server, { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD' });
    const refused = await pay(token, ORANGE_LR, '0.10');
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as ApiErrorBody).error.code, 'FEE_CHANGED');
  });
});

describe('Dollr: Orange first, corrected to MTN, back to Orange, then MTN again, across restarts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'momo-fee-restart-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const clock = manualClock();
  // A fixed public address, so that the checkout token's issuer is the same for every process.
  const backend = () => startTestServer({ firstPollDelayMs: 200, maxPollDelayMs: 200 }, { publicBaseUrl: 'http://localhost:9' }, {}, { dataDir, clock, reconcile: false });

  test('one FEE_CHANGED at most per operator, never two in a row for the same operator and fee', async () => {
    const refusals: string[] = [];
    /** Sends on the backend of the moment; a FEE_CHANGED is noted with the operator and fee it was for. */
    const send = async (server: TestServer, token: string, phone: string, fee: string) => {
      const response = await fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ phone, fee }),
      });
      if (response.status === 409) {
        assert.equal(((await response.clone().json()) as ApiErrorBody).error.code, 'FEE_CHANGED');
        refusals.push(`${phone}@${fee}`);
      }
      return response;
    };
    const pageFee = async (server: TestServer, token: string) => (((await (await server.element('/v1/session', token)).json()) as Session).instructions[0] as PushInstruction).fee?.amount;

    let server = await backend();
    let checkout: { id: string; token: string };
    try {
      // The merchant gave the payer's Orange number: the page shows Orange's (higher) fee.
      checkout = await createCheckout(server, { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD', payer: { phone: ORANGE_LR } });
      assert.equal(await pageFee(server, checkout.token), ORANGE_FEE.amount);
    } finally {
      await server.close();
    }
    server = await backend();
    try {
      // The payer types their MTN number: a fee they never saw, so one FEE_CHANGED.
      assert.equal((await send(server, checkout.token, MTN_LR, ORANGE_FEE.amount)).status, 409);
      assert.equal(await pageFee(server, checkout.token), MTN_FEE.amount);
    } finally {
      await server.close();
    }
    server = await backend();
    try {
      // Back to Orange, whose higher fee the page showed first: sent at once, at that fee.
      const orange = await send(server, checkout.token, ORANGE_LR, MTN_FEE.amount);
      assert.equal(orange.status, 202, await orange.clone().text());
      const { executions } = (await (await server.sandbox('/dollr/control/state', undefined, 'GET')).json()) as { executions: { phone: string; payer_amount: number }[] };
      assert.deepEqual(
        executions.map((execution) => [execution.phone, execution.payer_amount]),
        [[ORANGE_LR, 20.9]],
      );
      // It lapses; the payer tries MTN again, whose fee they saw too.
      assert.equal((await server.sandbox(`/checkouts/${checkout.id}/expire`)).status, 202);
      clock.advance(200);
      await server.reconciler.runOnce();
    } finally {
      await server.close();
    }
    server = await backend();
    try {
      assert.equal((await send(server, checkout.token, MTN_LR, ORANGE_FEE.amount)).status, 202);
    } finally {
      await server.close();
    }
    assert.deepEqual(refusals, [`${MTN_LR}@${ORANGE_FEE.amount}`], 'one FEE_CHANGED, for the one operator never shown');
  });
});

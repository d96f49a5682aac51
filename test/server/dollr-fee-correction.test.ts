/**
 * Dollr, fee bearer PAYER: the payer agrees to the fee shown for the number they send. A payer who
 * typed an Orange number (another fee: FEE_CHANGED) and corrects it back to their MTN number, whose
 * fee they were shown first, is not refused again: one correction is enough.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiErrorBody, PushInstruction, Session } from '../../contract';
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

  test('never more than the page shows: an operator whose fee was seen, but is above the fee on the page, is still FEE_CHANGED', async () => {
    const { token } = await createCheckout(server, { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD' });
    assert.equal((await pay(token, ORANGE_LR, MTN_FEE.amount)).status, 409);
    // Orange's 0.90 was shown, but the page says 0.80: the payer did not agree to 0.90 here.
    const refused = await pay(token, ORANGE_LR, MTN_FEE.amount);
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as ApiErrorBody).error.code, 'FEE_CHANGED');
  });
});

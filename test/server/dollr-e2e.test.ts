/**
 * Dollr `collection` end to end: a real backend (startTestServer) with the Dollr sandbox over
 * real HTTP. The payer gives a phone through `/v1/session/pay`; the sandbox payer acts; Dollr
 * sends no callbacks, so every outcome reaches the checkout through the reconciler's polls.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { PushInstruction, Session, StatusUpdate } from '../../contract';
import { MAX_RECEIPT_POLLS } from '../../server-example/reconciler';
import { createCheckout, openTestStore, readStatusEvents, startTestServer, type TestServer } from './helpers';

const MTN_LR = '231881234567';
const MTN_RW = '250781234567';
const ORANGE_LR = '231771234567';

interface ExecutionView {
  reference_id: string;
  status: string;
  executeCalls: number;
  statusReads: number;
}

/** `fee`: the fee the page showed beside the number, as the element sends it. */
function pay(server: TestServer, token: string, phone: unknown, fee?: unknown) {
  return fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(fee === undefined ? { phone } : { phone, fee }),
  });
}

async function history(server: TestServer, id: string) {
  const response = await server.merchant(`/v1/checkouts/${id}`);
  assert.equal(response.status, 200);
  return (await response.json()) as {
    status: string;
    reason?: string;
    providerReference?: string;
    events: { source: string; status: string; reason?: string; providerStatus?: string }[];
  };
}

async function errorCode(response: Response) {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

const collection = (overrides: Record<string, unknown> = {}) => ({ provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD', ...overrides });

describe('Dollr collection, end to end (polling only)', () => {
  let server: TestServer;
  const control = (path: string, body?: unknown, method = 'POST') => server.sandbox(`/dollr/control${path}`, body, method);
  const execution = async (referenceId: string) => (await (await control(`/collections/${referenceId}`, undefined, 'GET')).json()) as ExecutionView;
  const referenceOf = async (id: string) => (await history(server, id)).providerReference!.split(':')[0]!;

  before(async () => {
    server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: 200 });
  });
  after(() => server.close());
  afterEach(async () => {
    await control('/faults', undefined, 'DELETE');
  });

  test('session shows the push with the fee; pay with a phone → approve → polled → SSE paid with a receipt the payer can open', async () => {
    const { id, token, status } = await createCheckout(server, collection({ items: [{ name: 'Notebook', quantity: 2, unitAmount: '10.00' }] }));
    assert.equal(status, 'pending');
    const session = (await (await server.element('/v1/session', token)).json()) as Session;
    assert.equal(session.instructions.length, 1);
    const push = session.instructions[0] as PushInstruction;
    // The sandbox's prediction for 20.00 USD with MTN Liberia, fee bearer PAYER: 3 % + 1 % on top.
    assert.deepEqual([push.kind, push.needsPhone, push.operators, push.fee], ['push', true, ['MTN', 'Orange'], { amount: '0.80', currency: 'USD', payerAmount: '20.80' }]);
    // A USD checkout is Liberian: the element reads and groups numbers as Liberians write them.
    assert.equal(session.country, 'LR');
    assert.deepEqual(push.phoneRules, { country: 'LR', callingCode: '231', nationalPrefix: '0', lengths: [7, 8, 9], groups: [2, 3, 4] });
    assert.match(MTN_LR, new RegExp(push.phonePattern));
    assert.doesNotMatch(MTN_RW, new RegExp(push.phonePattern));
    assert.match(push.phoneExample!, new RegExp(push.phonePattern)); // a Liberian number for a USD checkout

    const paying = await pay(server, token, '+231 88 123 4567');
    assert.equal(paying.status, 202);
    assert.equal(((await paying.json()) as StatusUpdate).status, 'processing');
    const afterPay = (await (await server.element('/v1/session', token)).json()) as Session;
    assert.deepEqual(
      afterPay.instructions.map((i) => i.kind === 'push' && [i.needsPhone, i.operators, i.fee]),
      [[false, ['MTN'], { amount: '0.80', currency: 'USD', payerAmount: '20.80' }]],
    );

    const events = readStatusEvents(server, token, (update) => update.status === 'paid');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    const paid = (await events).at(-1)!;
    assert.equal(paid.status, 'paid');
    assert.match(paid.receiptUrl ?? '', /^http:\/\/localhost:\d+\/sandbox\/dollr\/receipts\/INV-\d{4}-\d{5}$/);
    const receipt = await fetch(paid.receiptUrl!.replace('localhost', '127.0.0.1'));
    assert.equal(receipt.status, 200);
    assert.match(await receipt.text(), /Notebook/);

    const record = await history(server, id);
    assert.deepEqual(
      record.events.map((e) => [e.source, e.status, e.providerStatus]),
      [
        ['create', 'pending', undefined],
        ['payer', 'processing', 'PENDING'],
        ['poll', 'paid', 'COMPLETED'],
      ],
    );
    assert.equal((await execution(await referenceOf(id))).executeCalls, 1);
  });

  test('decline → failed, rejected', async () => {
    const { id, token } = await createCheckout(server, collection());
    assert.equal((await pay(server, token, MTN_LR)).status, 202);
    const events = readStatusEvents(server, token, (update) => update.status === 'failed');
    await server.sandbox(`/checkouts/${id}/decline`);
    const last = (await events).at(-1);
    assert.deepEqual([last?.status, last?.reason, last?.receiptUrl], ['failed', 'rejected', undefined]);
    assert.equal((await history(server, id)).events.at(-1)?.providerStatus, 'FAILED:PAYMENT_NOT_APPROVED');
  });

  test('expire (the collection lapsed unanswered) → the attempt ended, not the checkout: pending, and another may go', async () => {
    const { id, token } = await createCheckout(server, collection({ amount: '5000', currency: 'RWF' }));
    assert.equal((await pay(server, token, MTN_RW)).status, 202);
    const events = readStatusEvents(server, token, (update) => update.status === 'pending' && update.sent?.canResend === true);
    assert.equal((await server.sandbox(`/checkouts/${id}/expire`)).status, 202);
    assert.deepEqual([(await events).at(-1)?.sent?.endReason], ['expired']);
    assert.equal((await history(server, id)).events.at(-1)?.providerStatus, 'FAILED:EXPIRED');
  });

  test('a lost execution answer is resolved by status before anything is retried: executed once, then paid', async () => {
    const { id, token } = await createCheckout(server, collection());
    assert.ok((await control('/faults', { loseAnswer: { count: 1 } }, 'PUT')).ok);
    const paying = await pay(server, token, MTN_LR);
    assert.equal(paying.status, 202);
    assert.equal(((await paying.json()) as StatusUpdate).status, 'processing');
    const referenceId = await referenceOf(id);
    assert.equal((await execution(referenceId)).executeCalls, 1);

    const events = readStatusEvents(server, token, (update) => update.status === 'paid');
    await server.sandbox(`/checkouts/${id}/approve`);
    assert.equal((await events).at(-1)?.status, 'paid');
    assert.equal((await execution(referenceId)).executeCalls, 1);
  });

  test('when Dollr cannot say (answer lost, status failing), the payer hears 502 and the reconciler settles it by the stored reference', async () => {
    const { id, token } = await createCheckout(server, collection());
    await control('/faults', { loseAnswer: { count: 1 }, failNext: { status: 503, count: 1, path: '/v1/status/collection' } }, 'PUT');
    const paying = await pay(server, token, MTN_LR);
    assert.equal(paying.status, 502);
    assert.equal(await errorCode(paying), 'PROVIDER_UNAVAILABLE');
    const stored = await history(server, id);
    // The reference id stored before the call, with the invoice it pays (noted before the execution): its receipt can be fetched.
    assert.match(stored.providerReference ?? '', /^[0-9a-f-]{36}:\d+$/);

    const events = readStatusEvents(server, token, (update) => update.status === 'paid');
    await server.sandbox(`/checkouts/${id}/approve`);
    const paid = (await events).at(-1);
    assert.equal(paid?.status, 'paid');
    assert.ok(paid?.receiptUrl, 'the invoice of the execution is remembered');
    assert.equal((await execution(stored.providerReference!.split(':')[0]!)).executeCalls, 1);
  });

  test('PROCESSING for a while: polled again and again, never executed again', async () => {
    const { id, token } = await createCheckout(server, collection());
    await pay(server, token, MTN_LR);
    const referenceId = await referenceOf(id);
    // Wait for the reconciler to have asked several times (the sandbox counts status reads).
    while ((await execution(referenceId)).statusReads < 4) await new Promise((resolve) => setTimeout(resolve, 50));
    const seen = await execution(referenceId);
    assert.deepEqual([seen.status, seen.executeCalls], ['PROCESSING', 1]);
    assert.equal((await history(server, id)).status, 'processing');

    const events = readStatusEvents(server, token, (update) => update.status === 'paid');
    await server.sandbox(`/checkouts/${id}/approve`);
    assert.equal((await events).at(-1)?.status, 'paid');
    assert.equal((await execution(referenceId)).executeCalls, 1);
  });

  test('a Rwandan number for a USD checkout is refused (400) before Dollr is asked, and the payer may try another', async () => {
    const { token } = await createCheckout(server, collection());
    for (const phone of [MTN_RW, '+250 781 234 567', '256772123456']) {
      const wrong = await pay(server, token, phone);
      assert.equal(wrong.status, 400, phone);
      const { error } = (await wrong.json()) as { error: { code: string; message: string } };
      assert.deepEqual([error.code, error.message], ['INVALID_PHONE', 'Enter a mobile money number in Liberia, as 088 123 4567 or +231 88 123 4567.']);
    }
    // As Liberians write it at home: the national form, trunk prefix and all.
    assert.equal((await pay(server, token, '088 123 4567')).status, 202);
  });

  test('merchant cancel: fine before the phone; refused while the collection is PROCESSING', async () => {
    const before = await createCheckout(server, collection());
    const cancelled = await server.merchant(`/v1/checkouts/${before.id}/cancel`, { method: 'POST' });
    assert.equal(cancelled.status, 200);
    assert.equal(((await cancelled.json()) as { status: string }).status, 'cancelled');

    const sent = await createCheckout(server, collection());
    await pay(server, sent.token, MTN_LR);
    const refused = await server.merchant(`/v1/checkouts/${sent.id}/cancel`, { method: 'POST' });
    assert.equal(refused.status, 409);
    assert.equal(await errorCode(refused), 'CANCEL_REFUSED');
    assert.equal((await history(server, sent.id)).status, 'processing');
  });

  test('no callbacks: anything posted to /v1/callbacks/dollr is refused with NO_CALLBACKS', async () => {
    const response = await fetch(`http://127.0.0.1:${server.config.port}/v1/callbacks/dollr`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"reference_id":"x"}' });
    assert.equal(response.status, 400);
    assert.equal(await errorCode(response), 'NO_CALLBACKS');
  });

  test('a number of another operator than the fee shown: 409 FEE_CHANGED with its fee, nothing sent; the session shows it; sending again pays it', async () => {
    const { id, token } = await createCheckout(server, collection());
    const before = (await (await server.element('/v1/session', token)).json()) as Session;
    assert.deepEqual((before.instructions[0] as PushInstruction).fee, { amount: '0.80', currency: 'USD', payerAmount: '20.80' });

    const changed = await pay(server, token, ORANGE_LR);
    assert.equal(changed.status, 409);
    const { error } = (await changed.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'FEE_CHANGED');
    assert.match(error.message, /0\.90 USD.*20\.90 USD in total/);
    assert.equal((await history(server, id)).providerReference, undefined, 'nothing was sent');

    const after = (await (await server.element('/v1/session', token)).json()) as Session;
    const push = after.instructions[0] as PushInstruction;
    assert.deepEqual([push.needsPhone, push.operators, push.fee], [true, ['Orange'], { amount: '0.90', currency: 'USD', payerAmount: '20.90' }]);

    const again = await pay(server, token, ORANGE_LR);
    assert.equal(again.status, 202, await again.clone().text());
    const execution = (await (await control(`/collections/${await referenceOf(id)}`, undefined, 'GET')).json()) as { wire: { payer_amount: number } };
    assert.equal(execution.wire.payer_amount, 20.9, 'Dollr charges the fee the payer was shown');
  });

  test('a fee told to the payer for an operator is agreed to, whatever the page shows now; a malformed fee is a 400', async () => {
    const { id, token } = await createCheckout(server, collection());
    assert.equal((await pay(server, token, ORANGE_LR, '0.80')).status, 409);
    assert.equal((await pay(server, token, ORANGE_LR, '0,90')).status, 400);
    const again = await pay(server, token, ORANGE_LR, '0.80'); // the FEE_CHANGED told 0.90, and the page asks the payer to check the new total
    assert.equal(again.status, 202, await again.clone().text());
    const execution = (await (await control(`/collections/${await referenceOf(id)}`, undefined, 'GET')).json()) as { wire: { payer_amount: number } };
    assert.equal(execution.wire.payer_amount, 20.9);
  });

  test('a fee shown but not to be had at pay time: nothing sent (422 FEE_UNKNOWN); sending again pays the fee shown', async () => {
    const { id, token } = await createCheckout(server, collection());
    assert.ok((await control('/faults', { failNext: { status: 503, count: 2, path: '/v1/predictions/amount-and-fees' } }, 'PUT')).ok);
    const refused = await pay(server, token, '231881234567');
    assert.equal(refused.status, 422, await refused.clone().text());
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'FEE_UNKNOWN');
    assert.match(error.message, /Nothing was sent to the phone/);
    assert.equal((await history(server, id)).providerReference, undefined, 'nothing was sent');
    await control('/faults', undefined, 'DELETE');
    const again = await pay(server, token, '231881234567');
    assert.equal(again.status, 202, await again.clone().text());
    const execution = (await (await control(`/collections/${await referenceOf(id)}`, undefined, 'GET')).json()) as { wire: { payer_amount: number } };
    assert.equal(execution.wire.payer_amount, 20.8, 'the fee the payer was shown');
  });

  test('a receipt not ready at payment: paid at once, the receipt follows on the same stream, still one paid event', async () => {
    assert.ok((await control('/faults', { receiptDelayMs: 400 }, 'PUT')).ok);
    const { id, token } = await createCheckout(server, collection());
    assert.equal((await pay(server, token, MTN_LR)).status, 202);
    const receipted = readStatusEvents(server, token, (update) => update.receiptUrl !== undefined);
    await server.sandbox(`/checkouts/${id}/approve`);
    const updates = await receipted;
    assert.deepEqual(updates.map((update) => [update.status, Boolean(update.receiptUrl)]).slice(-2), [
      ['paid', false],
      ['paid', true],
    ]);
    assert.match(updates.at(-1)!.receiptUrl!, /\/sandbox\/dollr\/receipts\/INV-\d{4}-\d{5}$/);
    assert.deepEqual(
      (await history(server, id)).events.map((e) => e.status),
      ['pending', 'processing', 'paid'],
    );
  });

  test('a receipt that never comes is asked for a bounded number of times; then the stream ends', { timeout: 30_000 }, async () => {
    assert.ok((await control('/faults', { receiptDelayMs: 3_600_000 }, 'PUT')).ok);
    const { id, token } = await createCheckout(server, collection());
    assert.equal((await pay(server, token, MTN_LR)).status, 202);
    const updates = readStatusEvents(server, token, () => false);
    await server.sandbox(`/checkouts/${id}/approve`);
    // The stream ends by itself once the backend stops asking.
    assert.deepEqual((await updates).map((update) => [update.status, update.receiptUrl]).at(-1), ['paid', undefined]);
    const store = await openTestStore(server.config.databaseFile);
    try {
      const checkout = (await store.getCheckout(id))!;
      assert.deepEqual([checkout.status, checkout.receiptPolls, checkout.receiptPollAt], ['paid', MAX_RECEIPT_POLLS, undefined]);
    } finally {
      await store.close();
    }
  });

  test("currencies are Dollr's: EUR is refused", async () => {
    const response = await server.merchant('/v1/checkouts', { body: collection({ amount: '5.00', currency: 'EUR', reference: 'R-1' }), idempotencyKey: crypto.randomUUID() });
    assert.equal(response.status, 422);
    assert.equal(await errorCode(response), 'UNSUPPORTED_CURRENCY');
  });
});

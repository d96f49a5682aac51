/**
 * Proof of payment for every provider, end to end over real HTTP with the sandboxes: once paid,
 * the session, the status (poll and SSE), the merchant's view and the `checkout.paid` webhook
 * carry the provider's transaction id and when it was paid, and, where Dollr adds its fee on top
 * (fee bearer PAYER), what the payer was charged in all — from the push on. The backend's clock
 * stands still, so "when we learnt it" is known to the millisecond.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isFinalStatus, type Charge, type PaymentProof, type PushInstruction, type Session, type StatusUpdate } from '../../contract';
import { manualClock } from './clock';
import { readStatusEvents, startTestServer, type TestServer } from './helpers';

interface MerchantView {
  status: StatusUpdate['status'];
  providerReference?: string;
  charge?: Charge;
  payment?: PaymentProof;
}

describe('proof of payment, per provider', () => {
  // Starts now: MTN's and MoMo's sandboxes count validity and lifetimes in real time.
  const clock = manualClock();
  const learntAt = () => new Date(clock.now()).toISOString();
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: 200 }, {}, {}, { clock, reconcile: false });
  });
  after(() => server.close());

  async function create(body: Record<string, unknown>) {
    const response = await server.merchant('/v1/checkouts', { body: { reference: `Élève ${Math.random().toString(36).slice(2, 8)}`, ...body }, idempotencyKey: crypto.randomUUID() });
    const created = (await response.json()) as { id: string; token: string };
    assert.equal(response.status, 201, JSON.stringify(created));
    return created;
  }
  const view = async (id: string) => (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as MerchantView;
  const session = async (token: string) => (await (await server.element('/v1/session', token)).json()) as Session;
  const status = async (token: string) => (await (await server.element('/v1/session/status', token)).json()) as StatusUpdate;
  const pay = (token: string, phone: string, fee?: string) =>
    fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(fee ? { phone, fee } : { phone }),
    });
  const act = async (id: string, action = 'approve') => assert.equal((await server.sandbox(`/checkouts/${id}/${action}`)).status, 202);
  const control = async <T>(path: string) => (await (await server.sandbox(path, undefined, 'GET')).json()) as T;
  const paidWebhook = async (id: string) => {
    const page = (await (await server.merchant(`/v1/events?checkout=${id}&type=checkout.paid`)).json()) as { data: { data: MerchantView }[] };
    assert.equal(page.data.length, 1);
    return page.data[0]!.data;
  };

  /** Every view of a paid checkout says the same: its SSE update, its status, its session, the merchant's view, its webhook. */
  async function assertProof(id: string, token: string, final: StatusUpdate, expected: { payment: PaymentProof; charge?: Charge }) {
    assert.equal(final.status, 'paid');
    assert.deepEqual(final.payment, expected.payment);
    assert.deepEqual(final.charge, expected.charge);
    const polled = await status(token);
    const read = await session(token);
    const merchant = await view(id);
    const webhook = await paidWebhook(id);
    for (const [where, seen] of [
      ['status', polled],
      ['session', read],
      ['merchant', merchant],
      ['webhook', webhook],
    ] as const) {
      assert.deepEqual(seen.payment, expected.payment, where);
      assert.deepEqual(seen.charge, expected.charge, where);
    }
  }

  describe('MTN MoMo', () => {
    test('invoice: MTN’s invoiceId (what it texts the payer), at the time the backend learnt it', async () => {
      const { id, token } = await create({ provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX' });
      const events = readStatusEvents(server, token, (update) => isFinalStatus(update.status));
      await act(id);
      const final = (await events).at(-1)!;
      const invoice = await control<{ invoiceId: string }>(`/mtn-momo/control/invoices/${(await view(id)).providerReference}`);
      assert.match(invoice.invoiceId, /^\d{10}$/);
      await assertProof(id, token, final, { payment: { paidAt: learntAt(), transactionId: invoice.invoiceId } });
    });

    for (const [method, path] of [
      ['request-to-pay', 'requesttopay'],
      ['payment', 'payments'],
    ] as const) {
      test(`${method}: MTN’s financialTransactionId`, async () => {
        const { id, token } = await create({ provider: 'mtn-momo', method, amount: '150000', currency: 'UGX' });
        assert.equal((await pay(token, '256772123456')).status, 202);
        const events = readStatusEvents(server, token, (update) => isFinalStatus(update.status));
        await act(id);
        const final = (await events).at(-1)!;
        const { providerReference } = await view(id);
        const record = await control<{ wire: { financialTransactionId?: string } }>(`/mtn-momo/control/${path}/${providerReference}`);
        assert.match(record.wire.financialTransactionId ?? '', /^\d{9}$/);
        const proof = { paidAt: learntAt(), transactionId: record.wire.financialTransactionId! };
        await assertProof(id, token, final, { payment: proof });

        // A callback a minute later has the backend ask MTN again: paid still, and the proof as it was.
        clock.advance(60_000);
        const again = await fetch(`http://127.0.0.1:${server.config.port}/v1/callbacks/mtn-momo?ref=${providerReference}`, { method: 'PUT', body: '' });
        assert.equal(again.status, 200);
        assert.deepEqual((await status(token)).payment, proof);
      });
    }
  });

  test('MoMo Vietnam: MoMo’s transId', async () => {
    const { id, token } = await create({ provider: 'momo-vn', method: 'wallet', amount: '50000', currency: 'VND', locale: 'vi-VN' });
    const events = readStatusEvents(server, token, (update) => isFinalStatus(update.status));
    await act(id);
    const final = (await events).at(-1)!;
    const order = await control<{ transId: number }>(`/momo-vn/control/orders/${id}`);
    assert.ok(Number.isSafeInteger(order.transId) && order.transId > 0);
    await assertProof(id, token, final, { payment: { paidAt: learntAt(), transactionId: String(order.transId) } });
  });

  describe('Mom Factura', () => {
    const aoa = (method: string, extra: Record<string, unknown> = {}) => ({ provider: 'mom-factura', method, amount: '2500.00', currency: 'AOA', ...extra });

    test('Multicaixa Express: the transactionId of its answer; its invoice stays the receipt', async () => {
      const { id, token } = await create(aoa('mcx'));
      const paying = pay(token, '244923000000');
      await act(id);
      const answer = (await (await paying).json()) as StatusUpdate;
      const { providerReference } = await view(id);
      assert.ok(providerReference);
      assert.match(answer.receiptUrl ?? '', /\.pdf$/);
      await assertProof(id, token, answer, { payment: { paidAt: learntAt(), transactionId: providerReference } });
    });

    test('E-kwanza: the operationCode its status names', async () => {
      const { id, token } = await create(aoa('ekwanza', { payer: { phone: '244923000000' } }));
      const events = readStatusEvents(server, token, (update) => update.status === 'paid' && update.receiptUrl !== undefined);
      await act(id);
      const final = (await events).at(-1)!;
      const payment = await control<{ operationCode: string }>(`/mom-factura/control/payments/${(await view(id)).providerReference}`);
      assert.match(payment.operationCode, /^OP\d{9}$/);
      await assertProof(id, token, final, { payment: { paidAt: learntAt(), transactionId: payment.operationCode } });
    });

    test('bank reference: Mom Factura’s operation id (its status names no other), and the invoice as receipt', async () => {
      const { id, token } = await create(aoa('reference'));
      const events = readStatusEvents(server, token, (update) => update.status === 'paid' && update.receiptUrl !== undefined);
      await act(id);
      const final = (await events).at(-1)!;
      const { providerReference } = await view(id);
      assert.match(providerReference ?? '', /^op-/);
      await assertProof(id, token, final, { payment: { paidAt: learntAt(), transactionId: providerReference! } });
    });
  });

  describe('Dollr, fee bearer PAYER: what the payer is charged, from the push on, and its proof', () => {
    interface ExecutionView {
      wire: { provider_transaction_id: string | null; payer_amount: number };
      invoice?: { paid_at: string | null; reference_id: string | null };
    }

    /** Reconciler passes, each once the next poll is due, until the checkout is final. */
    async function settle(id: string) {
      for (let passes = 0; !isFinalStatus((await view(id)).status); passes += 1) {
        assert.ok(passes < 5, `${id} still open`);
        clock.advance(200);
        await server.reconciler.runOnce();
      }
    }

    for (const [currency, amount, phone] of [
      ['USD', '25.00', '231881234567'],
      ['LRD', '4500.00', '231881234567'],
      ['RWF', '5000', '250781234567'],
    ] as const) {
      test(`${amount} ${currency}`, async () => {
        const { id, token } = await create({ provider: 'dollr', method: 'collection', amount, currency });
        const before = await session(token);
        assert.equal(before.charge, undefined, 'a preview is not a charge: the operator may differ');
        const fee = (before.instructions[0] as PushInstruction).fee;
        assert.ok(fee?.payerAmount, 'the sandbox adds its fee on top');
        const charge = { amount, fee: fee.amount, total: fee.payerAmount, currency };

        const paying = await pay(token, phone, fee.amount);
        assert.equal(paying.status, 202);
        assert.deepEqual(((await paying.json()) as StatusUpdate).charge, charge, 'known with the push');
        assert.deepEqual((await session(token)).charge, charge);

        const events = readStatusEvents(server, token, (update) => isFinalStatus(update.status));
        await act(id);
        await settle(id);
        const final = (await events).at(-1)!;
        const execution = await control<ExecutionView>(`/dollr/control/collections/${(await view(id)).providerReference!.split(':')[0]}`);
        assert.match(execution.wire.provider_transaction_id ?? '', /^PP-[0-9A-F]{8}$/);
        assert.equal(execution.wire.payer_amount.toFixed(currency === 'RWF' ? 0 : 2), charge.total);
        assert.ok(execution.invoice?.paid_at);
        // Dollr's own time (its receipt's paid_at), not when the reconciler heard.
        await assertProof(id, token, final, { payment: { paidAt: new Date(execution.invoice.paid_at).toISOString(), transactionId: execution.wire.provider_transaction_id! }, charge });
        assert.match(final.receiptUrl ?? '', /\/sandbox\/dollr\/receipts\//);
      });
    }
  });
});

/**
 * Dollr: a push that lapsed unanswered leaves its invoice payable at Dollr (ACTIVE again). It is
 * withdrawn as the push ends; when that fails, every poll tries again, and an invoice the payer
 * paid anyway (at Dollr, after the lapse) still pays the checkout, once. A pay refused after a
 * lapse (FEE_CHANGED) forgets nothing: the next push still withdraws the lapsed invoice.
 * Real HTTP to a real backend and its Dollr sandbox; the backend's clock is driven.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { ApiErrorBody, PushInstruction, Session } from '../../contract';
import { manualClock, type ManualClock } from './clock';
import { createCheckout, startTestServer, type TestServer } from './helpers';

const POLL_MS = 200;
const MTN_LR = '231881234567';
const ORANGE_LR = '231771234567';

interface SandboxState {
  invoices: { id: number; reference_id: string | null; status: string }[];
  paymentAccounts: { id: number; operation_type: string; insensitive_account_number: string }[];
  executions: { reference_id: string; provider_transaction_id: string | null; invoice?: { id: number } }[];
}

describe('Dollr: the invoice of a lapsed push', () => {
  let server: TestServer;
  let clock: ManualClock;
  before(async () => {
    clock = manualClock();
    server = await startTestServer({ firstPollDelayMs: POLL_MS, maxPollDelayMs: POLL_MS }, {}, {}, { clock, reconcile: false });
  });
  after(() => server.close());

  const base = () => `http://127.0.0.1:${server.config.port}`;
  const pay = (token: string, phone: string, fee?: string) =>
    fetch(`${base()}/v1/session/pay`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(fee ? { phone, fee } : { phone }),
    });
  const state = async () => (await (await server.sandbox('/dollr/control/state', undefined, 'GET')).json()) as SandboxState;
  const invoicesOf = async (reference: string) => (await state()).invoices.filter((invoice) => invoice.reference_id === reference);
  const faults = (body?: unknown) => server.sandbox('/dollr/control/faults', body, body ? 'PUT' : 'DELETE');
  const poll = async () => {
    clock.advance(POLL_MS);
    await server.reconciler.runOnce();
  };
  const pushOf = async (token: string) => ((await (await server.element('/v1/session', token)).json()) as Session).instructions[0] as PushInstruction;
  const checkoutOf = async (id: string) => (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as { status: string; payment?: { transactionId?: string }; events: { status: string }[] };

  async function lapsedPush(failWithdrawal: boolean) {
    const reference = `LAPSE-${Math.random().toString(36).slice(2, 10)}`;
    const checkout = await createCheckout(server, { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD', reference });
    assert.equal((await pay(checkout.token, MTN_LR)).status, 202);
    assert.equal((await server.sandbox(`/checkouts/${checkout.id}/expire`)).status, 202);
    if (failWithdrawal) await faults({ failNext: { status: 503, count: 1, path: '/invoices/cancel' } });
    try {
      await poll();
    } finally {
      await faults();
    }
    assert.equal((await pushOf(checkout.token)).sent?.canResend, true, 'the push ended: payable again');
    return { ...checkout, reference };
  }

  /** The payer pays the lapsed invoice at Dollr anyway (through a session of its own, as Dollr's pages would). */
  async function payerPaysAtDollr(invoiceId: number): Promise<SandboxState['executions'][number]> {
    const dollr = (path: string, body: unknown, token?: string) =>
      fetch(`${base()}/sandbox/dollr/v1${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const { access_token: token } = (await (await dollr('/jwt/client/obtain/token', { client_id: 'dollr-sandbox-client', client_secret: 'dollr-sandbox-secret' })).json()) as { access_token: string };
    const session = await dollr('/sessions/checkout', { source_id: invoiceId, source_type: 'INVOICE' }, token);
    assert.equal(session.status, 200, await session.clone().text());
    const account = (await state()).paymentAccounts.find((entry) => entry.operation_type === 'COLLECTION' && entry.insensitive_account_number === MTN_LR);
    assert.ok(account, "the payer's wallet is known at Dollr");
    const referenceId = randomUUID();
    const executed = await dollr(
      '/executions/collection',
      { session_id: String(((await session.json()) as { id: number }).id), payment_account_id: String(account.id), currency: 'USD', reference_id: referenceId },
      token,
    );
    assert.equal(executed.status, 200, await executed.clone().text());
    assert.equal((await server.sandbox(`/dollr/control/collections/${referenceId}/approve`)).status, 200);
    return (await state()).executions.find((execution) => execution.reference_id === referenceId)!;
  }

  test('withdrawn as the push ends, before any next push', async () => {
    const { reference } = await lapsedPush(false);
    assert.deepEqual(
      (await invoicesOf(reference)).map((invoice) => invoice.status),
      ['CANCELED'],
    );
  });

  test('a withdrawal that failed is retried by the next poll', async () => {
    const { reference } = await lapsedPush(true);
    assert.deepEqual(
      (await invoicesOf(reference)).map((invoice) => invoice.status),
      ['ACTIVE'],
      'still payable: the withdrawal failed',
    );
    await poll();
    assert.deepEqual(
      (await invoicesOf(reference)).map((invoice) => invoice.status),
      ['CANCELED'],
    );
  });

  test('the payer pays the lapsed invoice at Dollr anyway: the checkout is paid, once, with that payment’s proof', async () => {
    const { id, reference } = await lapsedPush(true);
    const [invoice] = await invoicesOf(reference);
    assert.equal(invoice?.status, 'ACTIVE');
    const execution = await payerPaysAtDollr(invoice.id);
    await poll();
    const paid = await checkoutOf(id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.payment?.transactionId, execution.provider_transaction_id);
    await poll();
    const again = await checkoutOf(id);
    assert.deepEqual(again.events.filter((event) => event.status === 'paid').length, 1, 'one paid event');
    const events = (await (await server.merchant(`/v1/events?checkout=${id}`)).json()) as { data: { type: string }[] };
    assert.equal(events.data.filter((event) => event.type === 'checkout.paid').length, 1, 'one checkout.paid webhook');
  });

  test('a pay refused after a lapse (FEE_CHANGED) keeps the ended push: the next push withdraws its invoice first', async () => {
    const { token, reference } = await lapsedPush(true);
    const ended = (await pushOf(token)).sent;
    const refused = await pay(token, ORANGE_LR, '0.80');
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as ApiErrorBody).error.code, 'FEE_CHANGED');
    assert.deepEqual((await pushOf(token)).sent, ended, 'the session still tells of the ended push');
    assert.equal((await pay(token, ORANGE_LR, '0.90')).status, 202);
    assert.deepEqual(
      (await invoicesOf(reference)).map((invoice) => invoice.status),
      ['CANCELED', 'PROCESSING'],
      'one invoice payable at a time',
    );
  });
});

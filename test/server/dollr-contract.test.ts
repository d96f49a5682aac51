/**
 * Dollr adapter ↔ sandbox over real HTTP: token lifetime in minutes (faked clock), payer
 * filing and reuse, invoice + items + publish, fee preview, operator detection, execution
 * with a stored reference_id, lost answers, PROCESSING without re-execution, receipts,
 * cancel, payouts, and the FastAPI-style errors of every documented refusal.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, mock, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { PushInstruction } from '../../contract';
import { toSession } from '../../server-example/checkouts/views';
import { createDollrAdapter, type DollrAdapter, type DollrOptions } from '../../server-example/providers/dollr/adapter';
import { mapExecution } from '../../server-example/providers/dollr/status';
import { FeeChangedError, ProviderError, type CreatedPayment } from '../../server-example/providers/types';
import { createDollrSandbox, DEFAULT_PAYOUT_PASSCODE, type DollrSandboxOptions } from '../../server-example/sandboxes/dollr';
import type { CheckoutRecord } from '../../server-example/store/types';

const CLIENT = { clientId: 'dollr-sandbox-client', clientSecret: 'dollr-sandbox-secret' };
/** What a payer of a 20.00 USD checkout pays with MTN Liberia's fee on top (3 % + 1 %, the sandbox's). */
const USD_20_CHARGE = { amount: '20.00', fee: '0.80', total: '20.80', currency: 'USD' };
const MTN_LR = '231881234567';
const ORANGE_LR = '231771234567';
const MTN_RW = '250781234567';

interface ExecutionView {
  reference_id: string;
  status: string;
  executeCalls: number;
  statusReads: number;
  phone: string;
  invoice?: { status: string; total_amount: number; items: unknown[] };
}
interface SandboxSnapshot {
  tokensIssued: number;
  parties: { id: number; phone: string; fullname: string }[];
  counterparties: { id: number; party_id: number; relationship_type: string }[];
  invoices: { id: number; status: string; total_amount: number; reference_id: string | null }[];
  paymentAccounts: { id: number; method: string; operation_type: string }[];
  executions: ExecutionView[];
  wallets: { currency: string; balance: number }[];
}

async function serveSandbox(options: DollrSandboxOptions = {}) {
  const app = new Hono().route('/sandbox/dollr', createDollrSandbox(options));
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const sandboxUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/dollr`;
  const json = (body: unknown) => (body === undefined ? undefined : JSON.stringify(body));
  return {
    sandboxUrl,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    adapter: (overrides: Partial<DollrOptions> = {}) => createDollrAdapter({ baseUrl: sandboxUrl, ...CLIENT, payoutPasscode: DEFAULT_PAYOUT_PASSCODE, sandbox: true, ...overrides }),
    control(path: string, body?: unknown, method = 'POST') {
      return fetch(`${sandboxUrl}/control${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: json(body) });
    },
    async state() {
      return (await (await fetch(`${sandboxUrl}/control/state`)).json()) as SandboxSnapshot;
    },
    async execution(referenceId: string) {
      return (await (await fetch(`${sandboxUrl}/control/collections/${referenceId}`)).json()) as ExecutionView;
    },
    async token() {
      const response = await fetch(`${sandboxUrl}/v1/jwt/client/obtain/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    },
    /** A raw wire call with a fresh token, as any Dollr client would make it. */
    async api(path: string, init: { method?: string; body?: unknown; rawBody?: string; token?: string | null } = {}) {
      const token = init.token === undefined ? await this.token() : init.token;
      return fetch(`${sandboxUrl}${path}`, {
        method: init.method ?? (init.body === undefined && init.rawBody === undefined ? 'GET' : 'POST'),
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: init.rawBody ?? json(init.body),
      });
    },
  };
}

type Sandbox = Awaited<ReturnType<typeof serveSandbox>>;

function checkout(overrides: Partial<CheckoutRecord> = {}): CheckoutRecord {
  const now = new Date();
  return {
    id: `co_${randomUUID().replaceAll('-', '')}`,
    provider: 'dollr',
    method: 'collection',
    amount: '20.00',
    currency: 'USD',
    reference: `ORD-${randomUUID().slice(0, 8)}`,
    description: 'Two notebooks',
    status: 'pending',
    instructions: [],
    expiresAt: new Date(now.getTime() + 900_000).toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 0,
    pollAttempts: 0,
    ...overrides,
  };
}

const stored = (record: CheckoutRecord, created: CreatedPayment): CheckoutRecord => ({
  ...record,
  providerReference: created.providerReference,
  instructions: created.instructions,
  status: created.status.status,
});

async function rejects(promise: Promise<unknown>, kind: ProviderError['kind'], code: string) {
  await assert.rejects(promise, (err: unknown) => err instanceof ProviderError && err.kind === kind && err.providerCode === code);
}

const sendPush = (adapter: DollrAdapter, record: CheckoutRecord, phone: string, referenceId: string) =>
  adapter.pay!({ checkout: record, phone, referenceId, callbackUrl: 'http://127.0.0.1:1/v1/callbacks/dollr' });

/** Pays as the payer does: shown no fee (or another operator's), they hear FEE_CHANGED with theirs and send again. */
async function pay(adapter: DollrAdapter, record: CheckoutRecord, phone: string, referenceId = randomUUID()) {
  try {
    return await sendPush(adapter, record, phone, referenceId);
  } catch (err) {
    if (!(err instanceof FeeChangedError)) throw err;
    return sendPush(adapter, { ...record, instructions: err.instructions }, phone, referenceId);
  }
}

const referenceOf = (created: CreatedPayment) => created.providerReference!.split(':')[0]!;

describe('Dollr adapter ↔ sandbox', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await serveSandbox();
  });
  after(() => sandbox.close());
  afterEach(async () => {
    await sandbox.control('/faults', undefined, 'DELETE');
  });

  test('methods as data: collection takes USD, LRD, RWF and Liberian or Rwandan phones', () => {
    const { collection } = sandbox.adapter().methods;
    assert.deepEqual(collection?.currencies, ['USD', 'LRD', 'RWF']);
    for (const phone of [MTN_LR, ORANGE_LR, MTN_RW, '250721234567']) assert.match(phone, collection!.phone!.pattern);
    for (const phone of ['256772123456', '23188123456', '2317712345678']) assert.doesNotMatch(phone, collection!.phone!.pattern);
  });

  test("create: a push asking for the phone, with the market's wallets and, as a field, the fee the payer adds (no call for a phone)", async () => {
    const adapter = sandbox.adapter();
    const created = await adapter.create({ checkout: checkout(), referenceId: randomUUID(), callbackUrl: '' });
    assert.equal(created.providerReference, undefined);
    assert.deepEqual(created.status, { status: 'pending', raw: 'AWAITING_PHONE' });
    const [push] = created.instructions as PushInstruction[];
    // 20.00 USD: gateway 3 % (0.60) + platform 1 % (0.20) on top, fee bearer PAYER.
    assert.deepEqual(push, {
      kind: 'push',
      needsPhone: true,
      phonePattern: '^231(?:77|88|55)\\d{7}$',
      phoneExample: '231881234567',
      operators: ['MTN', 'Orange'],
      fee: { amount: '0.80', currency: 'USD', payerAmount: '20.80' },
    });
    assert.equal((await sandbox.state()).executions.length, 0);

    const rwf = await adapter.create({ checkout: checkout({ amount: '5000', currency: 'RWF' }), referenceId: randomUUID(), callbackUrl: '' });
    // No minor units: 3 % + 1 % of 5000 RWF.
    assert.deepEqual(rwf.instructions[0], {
      kind: 'push',
      needsPhone: true,
      phonePattern: '^2507[2389]\\d{7}$',
      phoneExample: '250781234567',
      operators: ['MTN', 'Airtel'],
      fee: { amount: '200', currency: 'RWF', payerAmount: '5200' },
    });

    const known = await adapter.create({ checkout: checkout({ payer: { phone: '+231 77 123 4567' } }), referenceId: randomUUID(), callbackUrl: '' });
    const [knownPush] = known.instructions as PushInstruction[];
    // Orange Money Liberia's gateway fee is 3.5 % (0.70) in the sandbox, MTN's 3 %.
    assert.deepEqual([knownPush?.operators, knownPush?.fee], [['Orange'], { amount: '0.90', currency: 'USD', payerAmount: '20.90' }]);

    const payee = await sandbox.adapter({ feeBearer: 'PAYEE' }).create({ checkout: checkout(), referenceId: randomUUID(), callbackUrl: '' });
    // The merchant bears the fee: the payer pays the amount alone, so no fee is shown.
    assert.deepEqual(payee.instructions, [{ kind: 'push', needsPhone: true, phonePattern: '^231(?:77|88|55)\\d{7}$', phoneExample: '231881234567', operators: ['MTN', 'Orange'] }]);
  });

  test('create: when Dollr cannot predict the fee, the payer still sees the wallets, with no fee', async () => {
    assert.ok((await sandbox.control('/faults', { failNext: { status: 503, count: 1, path: '/v1/predictions/amount-and-fees' } }, 'PUT')).ok);
    const created = await sandbox.adapter().create({ checkout: checkout(), referenceId: randomUUID(), callbackUrl: '' });
    assert.deepEqual(created.instructions, [{ kind: 'push', needsPhone: true, phonePattern: '^231(?:77|88|55)\\d{7}$', phoneExample: '231881234567', operators: ['MTN', 'Orange'] }]);
  });

  test('pay: operator detected, payer filed, invoice with items published, session, wallet, execution with our reference_id', async () => {
    const adapter = sandbox.adapter();
    const referenceId = randomUUID();
    const record = checkout({
      amount: '25.50',
      payer: { name: 'Amara Kamara', email: 'amara@example.com' },
      items: [
        { name: 'Notebook', quantity: 3, unitAmount: '7.50' },
        { name: 'Pen', quantity: 1, unitAmount: '3.00' },
      ],
    });
    const created = await pay(adapter, record, MTN_LR, referenceId);
    assert.match(created.providerReference!, new RegExp(`^${referenceId}:\\d+$`));
    // What the payer is charged is known with the execution: 25.50 and the fee on top.
    const charge = { amount: '25.50', fee: '1.03', total: '26.53', currency: 'USD' };
    assert.deepEqual(created.status, { status: 'processing', raw: 'PENDING', charge });
    assert.deepEqual(created.instructions, [
      {
        kind: 'push',
        needsPhone: false,
        phonePattern: '^231(?:77|88|55)\\d{7}$',
        phoneExample: '231881234567',
        operators: ['MTN'],
        fee: { amount: '1.03', currency: 'USD', payerAmount: '26.53' },
      },
    ]);

    const execution = await sandbox.execution(referenceId);
    assert.deepEqual([execution.status, execution.executeCalls, execution.phone], ['PROCESSING', 1, MTN_LR]);
    assert.deepEqual([execution.invoice?.status, execution.invoice?.total_amount, execution.invoice?.items.length], ['PROCESSING', 25.5, 2]);
    const state = await sandbox.state();
    const party = state.parties.find((p) => p.phone === MTN_LR)!;
    assert.equal(party.fullname, 'Amara Kamara');
    assert.ok(state.counterparties.some((c) => c.party_id === party.id && c.relationship_type === 'CUSTOMER'));
    assert.ok(state.paymentAccounts.some((a) => a.method === 'MTN_MOMO_LBR' && a.operation_type === 'COLLECTION'));
    assert.equal(state.invoices.find((i) => i.reference_id === record.reference)?.status, 'PROCESSING');

    assert.deepEqual(await adapter.fetchStatus(stored(record, created)), { status: 'processing', raw: 'PROCESSING', charge });
  });

  test('a payer is filed once: the same phone reuses party, counterparty and wallet; a new process finds them again', async () => {
    const phone = '231551112233';
    const adapter = sandbox.adapter();
    await pay(adapter, checkout(), phone);
    const afterOne = await sandbox.state();
    await pay(adapter, checkout(), phone);
    const count = (s: SandboxSnapshot) => s.parties.filter((p) => p.phone === phone).length;
    const afterTwo = await sandbox.state();
    assert.equal(count(afterTwo), 1);
    assert.equal(afterTwo.counterparties.length, afterOne.counterparties.length);
    assert.equal(afterTwo.paymentAccounts.length, afterOne.paymentAccounts.length);

    // A restarted backend has an empty memory: it finds the payer through the counterparty list.
    await pay(sandbox.adapter(), checkout(), phone);
    const afterRestart = await sandbox.state();
    assert.equal(count(afterRestart), 1);
    assert.equal(afterRestart.counterparties.length, afterTwo.counterparties.length);
  });

  test('approve → COMPLETED → paid with the receipt page the payer can open', async () => {
    const adapter = sandbox.adapter();
    const record = checkout();
    const created = await pay(adapter, record, ORANGE_LR);
    assert.equal((await sandbox.control(`/collections/${referenceOf(created)}/approve`)).status, 200);
    const status = await adapter.fetchStatus(stored(record, created));
    assert.equal(status?.status, 'paid');
    assert.equal(status?.raw, 'COMPLETED');
    assert.match(status!.receiptUrl!, /\/sandbox\/dollr\/receipts\/INV-\d{4}-\d{5}$/);
    const page = await fetch(status!.receiptUrl!);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await page.text(), /Total 20\.00 USD/);

    // A new process has no memory of the invoice: the reference carries it.
    assert.equal((await sandbox.adapter().fetchStatus(stored(record, created)))?.receiptUrl, status!.receiptUrl);
    // The wire receipt, as the adapter read it.
    const invoiceId = created.providerReference!.split(':')[1];
    const receipt = (await (await sandbox.api(`/v1/invoices/receipt/${invoiceId}`)).json()) as Record<string, unknown>;
    assert.equal(receipt.status, 'PAID');
    // Orange Money: 3.5 % + 1 % on top.
    assert.equal(receipt.payer_amount, 20.9);
  });

  test('a receipt not ready yet: paid without it, then with it once Dollr has made it', async () => {
    let now = Date.now();
    const slow = await serveSandbox({ now: () => now });
    try {
      assert.ok((await slow.control('/faults', { receiptDelayMs: 60_000 }, 'PUT')).ok);
      const adapter = slow.adapter();
      const record = checkout();
      const created = await pay(adapter, record, MTN_LR);
      await slow.control(`/collections/${referenceOf(created)}/approve`);
      // Without the receipt, its paid_at is not known yet: the proof is the transaction id.
      const { payment, ...paid } = (await adapter.fetchStatus(stored(record, created)))!;
      assert.deepEqual(paid, { status: 'paid', raw: 'COMPLETED', charge: { amount: '20.00', fee: '0.80', total: '20.80', currency: 'USD' } });
      assert.match(payment?.transactionId ?? '', /^PP-[0-9A-F]{8}$/);
      assert.equal(payment?.paidAt, undefined);
      const invoiceId = created.providerReference!.split(':')[1];
      const early = await slow.api(`/v1/invoices/receipt/${invoiceId}`);
      assert.deepEqual([early.status, await early.json()], [422, { detail: 'The receipt is being prepared; try again shortly' }]);
      now += 60_000;
      const withReceipt = await adapter.fetchStatus(stored(record, created));
      assert.match(withReceipt?.receiptUrl ?? '', /\/sandbox\/dollr\/receipts\/INV-\d{4}-\d{5}$/);
      // The receipt says when Dollr took the payment.
      assert.match(withReceipt?.payment?.paidAt ?? '', /^\d{4}-\d{2}-\d{2}T/);
    } finally {
      await slow.close();
    }
  });

  test("the fee shown is the one paid: another operator's fee answers FEE_CHANGED, sends nothing, and is agreed to by sending again", async () => {
    const adapter = sandbox.adapter();
    const record = checkout();
    const shown = stored(record, await adapter.create({ checkout: record, referenceId: randomUUID(), callbackUrl: '' }));
    // Before the phone: MTN Liberia's fee (3 % + 1 %) stands for the market.
    assert.deepEqual((shown.instructions[0] as PushInstruction).fee, { amount: '0.80', currency: 'USD', payerAmount: '20.80' });
    const invoicesBefore = (await sandbox.state()).invoices.length;
    const referenceId = randomUUID();
    let changed: FeeChangedError | undefined;
    await assert.rejects(sendPush(adapter, shown, ORANGE_LR, referenceId), (err: unknown) => {
      changed = err instanceof FeeChangedError ? err : undefined;
      return changed !== undefined;
    });
    assert.deepEqual([changed!.kind, changed!.providerCode, changed!.notSent], ['rejected', 'FEE_CHANGED', true]);
    assert.match(changed!.message, /Orange number is 0\.90 USD, so you pay 20\.90 USD in total/);
    assert.deepEqual(changed!.instructions, [
      {
        kind: 'push',
        needsPhone: true,
        phonePattern: '^231(?:77|88|55)\\d{7}$',
        phoneExample: '231881234567',
        operators: ['Orange'],
        fee: { amount: '0.90', currency: 'USD', payerAmount: '20.90' },
      },
    ]);
    const state = await sandbox.state();
    assert.equal(state.invoices.length, invoicesBefore, 'no invoice was issued');
    assert.equal(
      state.executions.some((e) => e.reference_id === referenceId),
      false,
    );

    // Sent again, with the fee now shown: executed, and Dollr charges exactly that.
    const created = await sendPush(adapter, { ...shown, instructions: changed!.instructions }, ORANGE_LR, referenceId);
    assert.deepEqual(created.status, { status: 'processing', raw: 'PENDING', charge: { amount: '20.00', fee: '0.90', total: '20.90', currency: 'USD' } });
    const execution = (await sandbox.state()).executions.find((e) => e.reference_id === referenceId) as ExecutionView & { payer_amount: number };
    assert.equal(execution.payer_amount, 20.9);

    // The number of the operator whose fee was shown goes through at once.
    assert.equal((await sendPush(adapter, shown, MTN_LR, randomUUID())).status.status, 'processing');
  });

  test('decline reasons and expiry map to our statuses; a settled execution cannot change', async () => {
    const adapter = sandbox.adapter();
    const cases: [string, unknown, string, string | undefined, string][] = [
      ['decline', undefined, 'failed', 'rejected', 'FAILED:PAYMENT_NOT_APPROVED'],
      ['decline', { reason: 'INSUFFICIENT_BALANCE' }, 'failed', 'insufficient_funds', 'FAILED:INSUFFICIENT_BALANCE'],
      ['decline', { reason: 'PAYER_NOT_FOUND' }, 'failed', 'invalid_payer', 'FAILED:PAYER_NOT_FOUND'],
      ['decline', { reason: 'PAYER_LIMIT_REACHED' }, 'failed', 'payer_limit', 'FAILED:PAYER_LIMIT_REACHED'],
      ['decline', { reason: 'UNSPECIFIED_FAILURE' }, 'failed', 'provider_error', 'FAILED:UNSPECIFIED_FAILURE'],
      ['expire', undefined, 'expired', 'expired', 'FAILED:EXPIRED'],
    ];
    for (const [action, body, status, reason, raw] of cases) {
      const record = checkout();
      const created = await pay(adapter, record, MTN_LR);
      assert.equal((await sandbox.control(`/collections/${referenceOf(created)}/${action}`, body)).status, 200);
      assert.deepEqual(await adapter.fetchStatus(stored(record, created)), { status, reason, raw, charge: USD_20_CHARGE });
      const again = await sandbox.control(`/collections/${referenceOf(created)}/approve`);
      assert.equal(again.status, 409);
      assert.deepEqual(await again.json(), { detail: 'The execution is already FAILED' });
    }
    const bad = await sandbox.control(`/collections/${randomUUID()}/decline`, { reason: 'NOPE' });
    assert.equal(bad.status, 404);
  });

  test('the status mapping has an explicit default and never takes an unknown status as an outcome', () => {
    assert.deepEqual(mapExecution({ status: 'ON_HOLD', gateway_message: null }), { status: 'processing', raw: 'UNKNOWN:ON_HOLD' });
    assert.deepEqual(mapExecution({ status: 'FAILED', gateway_message: 'something odd' }), { status: 'failed', reason: 'provider_error', raw: 'FAILED' });
    assert.deepEqual(mapExecution({ status: 'FAILED', gateway_message: 'NEW_CODE: later' }), { status: 'failed', reason: 'provider_error', raw: 'FAILED:NEW_CODE' });
  });

  test('a lost execution answer is resolved by status: executed once, reported as it stands', async () => {
    const adapter = sandbox.adapter();
    await sandbox.control('/faults', { loseAnswer: { count: 1 } }, 'PUT');
    const referenceId = randomUUID();
    const created = await pay(adapter, checkout(), MTN_LR, referenceId);
    assert.equal(referenceOf(created), referenceId);
    assert.deepEqual(created.status, { status: 'processing', raw: 'PROCESSING', charge: USD_20_CHARGE });
    const execution = await sandbox.execution(referenceId);
    assert.equal(execution.executeCalls, 1);
    assert.ok(execution.statusReads >= 1, 'the adapter asked by reference_id');
    assert.deepEqual(await (await sandbox.control('/faults', undefined, 'GET')).json(), {});
  });

  test('an execution that failed before landing (5xx) is sent again with the same reference_id once Dollr says it has none', async () => {
    const adapter = sandbox.adapter();
    await sandbox.control('/faults', { failNext: { status: 503, count: 1, path: '/v1/executions/collection' } }, 'PUT');
    const referenceId = randomUUID();
    const created = await pay(adapter, checkout(), MTN_LR, referenceId);
    assert.equal(referenceOf(created), referenceId);
    const state = await sandbox.state();
    assert.deepEqual(
      state.executions.filter((e) => e.reference_id === referenceId).map((e) => e.executeCalls),
      [1],
    );
  });

  test('when Dollr cannot say (execution and status both fail), the outcome stays unknown: unavailable, nothing cancelled', async () => {
    const adapter = sandbox.adapter();
    // The lost answer is followed by a failing status call.
    await sandbox.control('/faults', { loseAnswer: { count: 1 }, failNext: { status: 500, count: 1, path: '/v1/status/collection' } }, 'PUT');
    const referenceId = randomUUID();
    await rejects(pay(adapter, checkout(), MTN_LR, referenceId), 'unavailable', 'HTTP_500');
    const execution = await sandbox.execution(referenceId);
    assert.deepEqual([execution.status, execution.executeCalls, execution.invoice?.status], ['PROCESSING', 1, 'PROCESSING']);
    // Later, the reconciler asks with the bare reference_id (what the service stored).
    assert.deepEqual(await adapter.fetchStatus(checkout({ providerReference: referenceId })), { status: 'processing', raw: 'PROCESSING', charge: USD_20_CHARGE });
  });

  test('PROCESSING for a while: polled many times, never executed again', async () => {
    const adapter = sandbox.adapter();
    const record = checkout();
    const created = await pay(adapter, record, MTN_LR);
    for (let i = 0; i < 5; i += 1) assert.equal((await adapter.fetchStatus(stored(record, created)))?.status, 'processing');
    const execution = await sandbox.execution(referenceOf(created));
    assert.deepEqual([execution.executeCalls, execution.statusReads >= 5], [1, true]);
  });

  test('pay refusals: unknown operator, wrong currency for the wallet, and a refused call before the push — the payer may retry', async () => {
    const adapter = sandbox.adapter();
    await rejects(pay(adapter, checkout(), '231661234567'), 'rejected', 'UNSUPPORTED_PHONE');
    await rejects(pay(adapter, checkout({ currency: 'RWF', amount: '5000' }), MTN_LR), 'rejected', 'CURRENCY_NOT_SUPPORTED');
    const before = (await sandbox.state()).invoices.length;
    await sandbox.control('/faults', { failNext: { status: 503, count: 1, path: '/v1/sessions/checkout' } }, 'PUT');
    // 503 before any money could move: refused, not unknown, and the half-made invoice is withdrawn.
    await rejects(pay(adapter, checkout(), MTN_LR), 'rejected', 'HTTP_503');
    const invoices = (await sandbox.state()).invoices;
    assert.equal(invoices.length, before + 1);
    assert.equal(invoices.at(-1)?.status, 'CANCELED');
  });

  test('cancel: nothing at Dollr before the phone; an ACTIVE invoice is withdrawn; PROCESSING is refused', async () => {
    const adapter = sandbox.adapter();
    await adapter.cancel!(checkout(), randomUUID());

    const record = checkout();
    const created = await pay(adapter, record, MTN_LR);
    await rejects(adapter.cancel!(stored(record, created), randomUUID()), 'rejected', 'HTTP_422');

    // After a decline the invoice is payable again (ACTIVE): then it can be withdrawn.
    await sandbox.control(`/collections/${referenceOf(created)}/decline`);
    await adapter.cancel!(stored(record, created), randomUUID());
    const invoiceId = Number(created.providerReference!.split(':')[1]);
    assert.equal((await sandbox.state()).invoices.find((i) => i.id === invoiceId)?.status, 'CANCELED');
  });

  test('no callbacks: callbackReference refuses with NO_CALLBACKS', () => {
    assert.throws(
      () => sandbox.adapter().callbackReference({ rawBody: '{}', headers: new Headers(), query: new URLSearchParams() }),
      (err: unknown) => err instanceof ProviderError && err.kind === 'rejected' && err.providerCode === 'NO_CALLBACKS',
    );
  });

  test('payer actions need an execution first', async () => {
    await rejects(sandbox.adapter().sandbox!.act(checkout(), 'approve'), 'rejected', 'NOTHING_TO_ACT_ON');
  });

  test('wrong client credentials → rejected INVALID_CLIENT_CREDENTIALS; the sandbox answers 401 {detail}', async () => {
    await rejects(pay(sandbox.adapter({ clientSecret: 'wrong' }), checkout(), MTN_LR), 'rejected', 'INVALID_CLIENT_CREDENTIALS');
    const response = await sandbox.api('/v1/jwt/client/obtain/token', { body: { client_id: 'x', client_secret: 'y' }, token: null });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { detail: 'Could not validate credentials' });
  });
});

describe('Dollr token: expires_in is in minutes and is renewed before it runs out', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await serveSandbox();
  });
  after(() => sandbox.close());
  afterEach(() => mock.timers.reset());

  test('one token for 55 minutes, a new one 5 minutes before expiry, never a 401 on the way', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const adapter = sandbox.adapter();
    const record = checkout();
    const created = await pay(adapter, record, MTN_LR);
    const issued = (await sandbox.state()).tokensIssued;
    // Read as seconds, 60 would have meant a new token after a minute.
    mock.timers.tick(54 * 60_000);
    await adapter.fetchStatus(stored(record, created));
    assert.equal((await sandbox.state()).tokensIssued, issued);
    mock.timers.tick(2 * 60_000);
    await adapter.fetchStatus(stored(record, created));
    assert.equal((await sandbox.state()).tokensIssued, issued + 1);
  });

  test('the sandbox refuses an expired token with 401 Could not validate credentials; the adapter renews once and goes on', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const token = await sandbox.token();
    mock.timers.tick(61 * 60_000);
    const response = await sandbox.api(`/v1/status/collection/${randomUUID()}`, { token });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'Bearer');
    assert.deepEqual(await response.json(), { detail: 'Could not validate credentials' });
  });
});

describe('Dollr sandbox wire errors (FastAPI style)', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await serveSandbox();
  });
  after(() => sandbox.close());

  test('no Authorization header → 401 Not authenticated; unknown path → 404 Not Found', async () => {
    const response = await sandbox.api('/v1/parties/list', { token: null });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { detail: 'Not authenticated' });
    const missing = await sandbox.api('/v1/nothing/here');
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { detail: 'Not Found' });
  });

  test('422 lists every problem with loc, msg and type (pydantic v1)', async () => {
    const response = await sandbox.api('/v1/invoices/create', { body: { counterparty_id: 'abc', note: 'x', fee_bearer: 'BOTH', as_payment_link: 'maybe' } });
    assert.equal(response.status, 422);
    const { detail } = (await response.json()) as { detail: { loc: string[]; msg: string; type: string }[] };
    assert.deepEqual(
      detail.map((d) => [d.loc.join('.'), d.type]),
      [
        ['body.counterparty_id', 'type_error.integer'],
        ['body.currency', 'value_error.missing'],
        ['body.fee_bearer', 'type_error.enum'],
        ['body.as_payment_link', 'type_error.bool'],
      ],
    );
    assert.equal(detail[1]?.msg, 'field required');
    assert.equal(detail[2]?.msg, "value is not a valid enumeration member; permitted: 'PAYER', 'PAYEE'");
  });

  test('malformed JSON, a non-v4 reference_id, a bad path id and missing query parameters are 422 too', async () => {
    const malformed = await sandbox.api('/v1/parties/create', { rawBody: '{"fullname":' });
    assert.equal(malformed.status, 422);
    assert.equal(((await malformed.json()) as { detail: { type: string }[] }).detail[0]?.type, 'value_error.jsondecode');

    const execution = await sandbox.api('/v1/executions/collection', { body: { session_id: '1', payment_account_id: '1', currency: 'USD', reference_id: 'not-a-uuid' } });
    assert.deepEqual(((await execution.json()) as { detail: unknown[] }).detail, [{ loc: ['body', 'reference_id'], msg: 'value is not a valid uuid', type: 'type_error.uuid' }]);
    const v1 = await sandbox.api('/v1/executions/collection', { body: { session_id: '1', payment_account_id: '1', currency: 'USD', reference_id: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' } });
    assert.equal(((await v1.json()) as { detail: { type: string }[] }).detail[0]?.type, 'value_error.uuid.version');

    const path = await sandbox.api('/v1/invoices/publish/abc', { method: 'PUT' });
    assert.deepEqual(((await path.json()) as { detail: unknown[] }).detail, [{ loc: ['path', 'id'], msg: 'value is not a valid integer', type: 'type_error.integer' }]);

    const info = await sandbox.api('/v1/predictions/mmo-provider-info?phone=231881234567');
    assert.deepEqual(((await info.json()) as { detail: unknown[] }).detail, [{ loc: ['query', 'operation_type'], msg: 'field required', type: 'value_error.missing' }]);
  });

  test('state rules: items only while IDLE, publish needs items, sessions need ACTIVE, not found is 404 {detail}', async () => {
    const party = (await (await sandbox.api('/v1/parties/create', { body: { fullname: 'Test', phone: MTN_LR } })).json()) as { id: number };
    const counterparty = (await (await sandbox.api('/v1/counterparties/create', { body: { relationship_type: 'CUSTOMER', party_id: party.id } })).json()) as { id: number };
    const invoice = (await (
      await sandbox.api('/v1/invoices/create', { body: { counterparty_id: counterparty.id, currency: 'USD', note: 'n', fee_bearer: 'PAYER', as_payment_link: false } })
    ).json()) as { id: number; status: string };
    assert.equal(invoice.status, 'IDLE');
    assert.equal((await sandbox.api('/v1/sessions/checkout', { body: { source_id: invoice.id, source_type: 'INVOICE' } })).status, 422);
    const empty = await sandbox.api(`/v1/invoices/publish/${invoice.id}`, { method: 'PUT' });
    assert.deepEqual([empty.status, await empty.json()], [422, { detail: 'An invoice needs at least one item to be published' }]);
    const wrongCurrency = await sandbox.api(`/v1/invoices/${invoice.id}/items/add`, { body: { name: 'A', currency: 'LRD', qty: 1, amount: 1 } });
    assert.equal(wrongCurrency.status, 422);
    const tooPrecise = await sandbox.api(`/v1/invoices/${invoice.id}/items/add`, { body: { name: 'A', currency: 'USD', qty: 1, amount: 1.234 } });
    assert.equal(tooPrecise.status, 422);
    assert.equal((await sandbox.api(`/v1/invoices/${invoice.id}/items/add`, { body: { name: 'A', currency: 'USD', qty: 2, amount: 1.5 } })).status, 200);
    const published = (await (await sandbox.api(`/v1/invoices/publish/${invoice.id}`, { method: 'PUT' })).json()) as { status: string; total_amount: number };
    assert.deepEqual([published.status, published.total_amount], ['ACTIVE', 3]);
    const locked = await sandbox.api(`/v1/invoices/${invoice.id}/items/add`, { body: { name: 'B', currency: 'USD', qty: 1, amount: 1 } });
    assert.deepEqual([locked.status, await locked.json()], [422, { detail: 'Items can only be added while the invoice is IDLE (it is ACTIVE)' }]);
    const receipt = await sandbox.api(`/v1/invoices/receipt/${invoice.id}`);
    assert.equal(receipt.status, 422);
    const unknown = await sandbox.api('/v1/invoices/receipt/999999');
    assert.deepEqual([unknown.status, await unknown.json()], [404, { detail: 'Invoice not found' }]);
    const status = await sandbox.api(`/v1/status/collection/${randomUUID()}`);
    assert.deepEqual([status.status, await status.json()], [404, { detail: 'Transaction not found' }]);
    const source = (await (await sandbox.api(`/v1/status/source?source_type=INVOICE&source_id=${invoice.id}`)).json()) as { status: string; source_number: string };
    assert.equal(source.status, 'ACTIVE');
    assert.match(source.source_number, /^INV-\d{4}-\d{5}$/);
  });

  test('reference_id is the idempotency key: replayed as is for the same session, refused for another', async () => {
    const adapter = sandbox.adapter();
    const referenceId = randomUUID();
    await pay(adapter, checkout(), MTN_LR, referenceId);
    const execution = (await sandbox.state()).executions.find((e) => e.reference_id === referenceId)! as ExecutionView & { session_id: number; payment_account_id: number };
    const replay = await sandbox.api('/v1/executions/collection', {
      body: { session_id: String(execution.session_id), payment_account_id: String(execution.payment_account_id), currency: 'USD', reference_id: referenceId },
    });
    assert.equal(replay.status, 200);
    assert.equal(((await replay.json()) as { reference_id: string }).reference_id, referenceId);
    assert.equal((await sandbox.execution(referenceId)).executeCalls, 2);
    assert.equal((await sandbox.execution(referenceId)).status, 'PROCESSING');
    const other = await sandbox.api('/v1/executions/collection', { body: { session_id: '999', payment_account_id: String(execution.payment_account_id), currency: 'USD', reference_id: referenceId } });
    assert.deepEqual(((await other.json()) as { detail: unknown[] }).detail, [{ loc: ['body', 'reference_id'], msg: 'reference_id already exists', type: 'value_error' }]);
  });

  test('fees: the documented fields, FX between USD and LRD, a method with the wrong provider refused', async () => {
    const response = await sandbox.api(
      '/v1/predictions/amount-and-fees?base_amount=100&base_currency=USD&target_currency=USD&payment_method=MTN_MOMO_LBR&operation_type=COLLECTION&provider=PAWAPAY&fee_bearer=PAYER',
    );
    assert.deepEqual(await response.json(), {
      payer_amount: '104.00',
      payer_currency: 'USD',
      payee_amount: '100.00',
      payee_currency: 'USD',
      platform_fee: '1.00',
      platform_currency: 'USD',
      fx_fee: null,
      gateway_fee: '3.00',
      gateway_currency: 'USD',
    });
    const fx = (await (
      await sandbox.api('/v1/predictions/amount-and-fees?base_amount=10&base_currency=USD&target_currency=LRD&payment_method=MTN_MOMO_LBR&operation_type=COLLECTION&provider=PAWAPAY&fee_bearer=PAYEE')
    ).json()) as Record<string, string>;
    assert.deepEqual([fx.payer_currency, fx.payee_currency, fx.fx_fee], ['USD', 'LRD', '19.00']);
    const mismatch = await sandbox.api(
      '/v1/predictions/amount-and-fees?base_amount=1&base_currency=USD&target_currency=USD&payment_method=MTN_MOMO_LBR&operation_type=COLLECTION&provider=STRIPE&fee_bearer=PAYER',
    );
    assert.equal(mismatch.status, 422);
  });

  test("injected faults: failNext 429 with Retry-After, 500 as Starlette's plain text", async () => {
    await sandbox.control('/faults', { failNext: { status: 429, count: 1 } }, 'PUT');
    const limited = await sandbox.api('/v1/parties/list', { token: 'irrelevant' });
    assert.deepEqual([limited.status, limited.headers.get('retry-after'), await limited.json()], [429, '1', { detail: 'Too Many Requests' }]);
    await sandbox.control('/faults', { failNext: { status: 500, count: 1 } }, 'PUT');
    const failed = await sandbox.api('/v1/parties/list', { token: 'irrelevant' });
    assert.deepEqual([failed.status, await failed.text()], [500, 'Internal Server Error']);
    const bad = await sandbox.control('/faults', { failNext: { status: 418, count: 1 } }, 'PUT');
    assert.equal(bad.status, 422);
  });
});

describe('Dollr payouts (adapter level)', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await serveSandbox();
  });
  after(() => sandbox.close());
  afterEach(async () => {
    await sandbox.control('/faults', undefined, 'DELETE');
  });

  test('payout: beneficiary filed, PAYOUT wallet, session, execution with the passcode → processing, then completed', async () => {
    const adapter = sandbox.adapter();
    const referenceId = randomUUID();
    const before = (await sandbox.state()).wallets.find((w) => w.currency === 'USD')!.balance;
    const result = await adapter.payout({ referenceId, phone: MTN_LR, amount: '50.00', currency: 'USD', name: 'Ben Doe' });
    assert.deepEqual(result, { reference: referenceId, status: { status: 'processing', raw: 'PENDING' } });
    const state = await sandbox.state();
    assert.ok(state.counterparties.some((c) => c.relationship_type === 'BENEFICIARY'));
    assert.ok(state.paymentAccounts.some((a) => a.operation_type === 'PAYOUT'));
    // 50.00 + 2 % gateway + 1 % platform leaves the wallet.
    assert.equal(state.wallets.find((w) => w.currency === 'USD')!.balance, before - 5_150);
    assert.deepEqual(await adapter.payoutStatus(referenceId), { status: 'processing', raw: 'PROCESSING' });
    assert.equal((await sandbox.control(`/payouts/${referenceId}/complete`)).status, 200);
    assert.deepEqual(await adapter.payoutStatus(referenceId), { status: 'paid', raw: 'COMPLETED' });
    assert.equal(await adapter.payoutStatus(randomUUID()), undefined);
  });

  test('a failed payout gives the money back; a lost payout answer is resolved by status, executed once', async () => {
    const adapter = sandbox.adapter();
    const failed = randomUUID();
    const before = (await sandbox.state()).wallets.find((w) => w.currency === 'RWF')!.balance;
    await adapter.payout({ referenceId: failed, phone: MTN_RW, amount: '10000', currency: 'RWF' });
    await sandbox.control(`/payouts/${failed}/fail`, { reason: 'PAYER_NOT_FOUND' });
    assert.deepEqual(await adapter.payoutStatus(failed), { status: 'failed', reason: 'invalid_payer', raw: 'FAILED:PAYER_NOT_FOUND' });
    assert.equal((await sandbox.state()).wallets.find((w) => w.currency === 'RWF')!.balance, before);

    await sandbox.control('/faults', { loseAnswer: { count: 1, path: '/v1/executions/payout' } }, 'PUT');
    const lost = randomUUID();
    const result = await adapter.payout({ referenceId: lost, phone: MTN_RW, amount: '10000', currency: 'RWF' });
    assert.equal(result.status.status, 'processing');
    const execution = (await (await fetch(`${sandbox.sandboxUrl}/control/payouts/${lost}`)).json()) as ExecutionView;
    assert.equal(execution.executeCalls, 1);
  });

  test('payout refusals: wrong passcode 403, no passcode configured, wallet too small, wrong currency', async () => {
    await rejects(
      sandbox.adapter({ payoutPasscode: { phone: DEFAULT_PAYOUT_PASSCODE.phone, code: '000000' } }).payout({ referenceId: randomUUID(), phone: MTN_LR, amount: '1.00', currency: 'USD' }),
      'rejected',
      'FORBIDDEN',
    );
    await rejects(sandbox.adapter({ payoutPasscode: undefined }).payout({ referenceId: randomUUID(), phone: MTN_LR, amount: '1.00', currency: 'USD' }), 'rejected', 'PASSCODE_MISSING');
    await rejects(sandbox.adapter().payout({ referenceId: randomUUID(), phone: MTN_LR, amount: '99999999.00', currency: 'USD' }), 'rejected', 'HTTP_422');
    await rejects(sandbox.adapter().payout({ referenceId: randomUUID(), phone: MTN_RW, amount: '1.00', currency: 'USD' }), 'rejected', 'CURRENCY_NOT_SUPPORTED');
  });
});

describe('the fee on the session: only one that fits the contract reaches the element', () => {
  const push = (fee: unknown) => ({ kind: 'push', needsPhone: true, phonePattern: '^231(?:77|88|55)\\d{7}$', operators: ['MTN'], fee }) as PushInstruction;
  const served = (fee: unknown) => toSession(checkout({ instructions: [push(fee)] }), 'Monrovia Books').instructions[0] as PushInstruction;

  test('a well-formed fee is served as stored, the total included', () => {
    assert.deepEqual(served({ amount: '0.80', currency: 'USD', payerAmount: '20.80' }).fee, { amount: '0.80', currency: 'USD', payerAmount: '20.80' });
    assert.deepEqual(served({ amount: '200', currency: 'RWF' }).fee, { amount: '200', currency: 'RWF' });
  });

  test('a malformed fee is left out, the rest of the push kept', () => {
    for (const fee of [
      '0.80 USD',
      { amount: 0.8, currency: 'USD' },
      { amount: '0.80', currency: 'usd' },
      { amount: '0.805', currency: 'USD' },
      { amount: '200.5', currency: 'RWF' },
      { amount: '0.80', currency: 'USD', payerAmount: 'twenty' },
      { amount: '0.80', currency: 'USD', note: '<b>extra</b>' },
    ]) {
      const instruction = served(fee);
      assert.ok(!('fee' in instruction), JSON.stringify(fee));
      assert.deepEqual(instruction, { kind: 'push', needsPhone: true, phonePattern: '^231(?:77|88|55)\\d{7}$', operators: ['MTN'] });
    }
  });
});

describe('the example number on the session: only digits the method takes reach the element', () => {
  const push = (phoneExample: unknown) => ({ kind: 'push', needsPhone: true, phonePattern: '^231(?:77|88|55)\\d{7}$', operators: ['MTN'], phoneExample }) as PushInstruction;
  const served = (phoneExample: unknown) => toSession(checkout({ instructions: [push(phoneExample)] }), 'Monrovia Books').instructions[0] as PushInstruction;

  test('an example that fits the phone pattern is served as stored', () => {
    assert.equal(served(MTN_LR).phoneExample, MTN_LR);
  });

  test('a malformed example, or one the method would refuse, is left out, the rest of the push kept', () => {
    for (const example of ['+231881234567', '231 88 123 4567', 231881234567, '<b>231881234567</b>', '', MTN_RW, '2318812345670000']) {
      const instruction = served(example);
      assert.ok(!('phoneExample' in instruction), JSON.stringify(example));
      assert.deepEqual(instruction, { kind: 'push', needsPhone: true, phonePattern: '^231(?:77|88|55)\\d{7}$', operators: ['MTN'] });
    }
  });
});

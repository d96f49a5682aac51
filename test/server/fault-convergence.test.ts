/**
 * Fault convergence, for every provider and method: a real backend per provider, its sandbox
 * over real HTTP, and each sandbox fault (5xx and timeouts on status queries and on the call
 * that creates the payment; dropped, duplicated and late callbacks). Each row drives a checkout
 * through the public API only and asserts that it reaches the right final status, that its
 * history has exactly one final event, and that the provider's sandbox holds exactly one
 * payment for it (nothing paid twice), and that the merchant webhooks it produced are exactly
 * those its final status implies (duplicated and late callbacks add none).
 *
 * Time: each backend runs on a manual clock with its reconciler stopped. A row that waits for a
 * final status drives the reconciler a pass at a time, the clock moved by what is due, until the
 * status is final (a bounded number of passes), then awaits the status stream; nothing polls
 * between rows, so no row's one-shot fault is used up by another's checkout. What stays on real
 * time is the sandboxes' and adapters' own: the client timeout (`<PROVIDER>_TIMEOUT_MS`, 1 s), a
 * hung answer (2.5 s), a late callback (1.5 s, long after the pass that settled the checkout).
 * A callback that changes nothing at the backend is awaited as its answer passing the callback tap.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isFinalStatus, type CheckoutStatus, type FailureReason, type StatusUpdate } from '../../contract';
import type { StatusSource } from '../../server-example/lifecycle/rules';
import { startCallbackTap, type CallbackTap } from './callback-tap';
import { manualClock, type ManualClock } from './clock';
import { readStatusEvents, startTestServer, type TestServer } from './helpers';
import { assertWebhooksMatch, webhooksOf } from './merchant-webhooks';

const CLIENT_TIMEOUT_MS = 1_000;
const HANG_MS = 2_500;
const LATE_MS = 1_500;
/**
 * Mom Factura's invoice made this long (real time) after its payment: longer than the 0.75 s its
 * status calls are spaced, so the first answer after the payer approved lacks the invoice.
 */
const INVOICE_DELAY_MS = 1_500;
const ROW_TIMEOUT_MS = 15_000;
/** Clock time: a checkout's first poll is due 100 ms after it is made, each later one at most 200 ms after the last. */
const RECONCILE = { firstPollDelayMs: 100, maxPollDelayMs: 200 };
/** How far the clock moves before each pass: every open checkout's poll is due by then. */
const PASS_STEP_MS = RECONCILE.maxPollDelayMs;
/** No row needs more than its faults' count plus one; more means it would never settle. */
const MAX_PASSES = 6;
/** Passes a row that must stay open is driven through. */
const OPEN_PASSES = 3;

/** The payments a sandbox holds, reduced to what the rows compare. */
interface SandboxPayment {
  /** The sandbox's own id for it. */
  id: string;
  /** Whatever ties it to our checkout (reference, checkout id), when the provider carries it. */
  tag?: string;
  state: 'open' | 'paid' | 'failed';
  /** Callback deliveries the backend acknowledged (2xx), and ones the sandbox dropped by fault. */
  answered: number;
  dropped: number;
}

interface Subject {
  name: string;
  provider: string;
  body: Record<string, unknown>;
  /** Push methods: the payer's phone for `/v1/session/pay`. */
  phone?: string;
  /** MCX: the push's HTTP answer is the outcome, so the payer acts while `/v1/session/pay` waits. */
  payAnswersAfterPayer?: boolean;
  /** Callback bodies the provider sends for a final payment (0: polling only). */
  callbackBodies: (outcome: 'paid' | 'failed' | 'expired') => number;
  payments(server: TestServer): Promise<SandboxPayment[]>;
}

type FaultWhen =
  /** On the call that creates the payment: `create` for a payment shown at once, `pay` for a push. */
  | 'payment'
  /** Once the payment exists, before the payer acts: status queries and callbacks. */
  | 'settle';

interface Row {
  name: string;
  faults: Record<string, unknown>;
  when: FaultWhen;
  action: 'approve' | 'decline';
  /**
   * `paid`/`failed`: where the checkout must end. `create-failed`: the merchant gets 502 and the
   * checkout is failed (nothing usable was handed out). `open`: the provider cannot say, so the
   * checkout stays open (until its expiry) and the payer cannot push a second time. `expired`:
   * only the expiry settles it (say what the provider holds in `held`).
   */
  expect: 'paid' | 'failed' | 'create-failed' | 'open' | 'expired';
  /** Merged into the checkout's body (e.g. `expiresInSeconds`). */
  body?: Record<string, unknown>;
  /** What the one final event must say, and the checkout's reason with it. */
  final?: { source: StatusSource; reason: FailureReason; providerStatus: string };
  /** MCX: the push's answer is lost (502 "your phone may still ring"), and the payer's second push is refused. */
  lostPushRefusesAnother?: boolean;
  /** The push fails with nothing made (502), and the provider says so: the payer pushes again. */
  retryPay?: boolean;
  /** What the sandbox holds for the checkout afterwards (default: one payment in the expected state). */
  held?: { count: 0 } | { count: 1; state: SandboxPayment['state'] };
  /** The final event must come from the reconciler (the callback was dropped or comes late). */
  finalFromPoll?: boolean;
  /** How the provider's callbacks arrive, awaited before the final checks (duplicate: twice each body; otherwise once, unless dropped). */
  deliveries?: 'duplicate' | 'late';
  /** The receipt comes after the payment: the checkout is paid without it, then `checkout.receipt` follows. */
  receiptAfterPaid?: boolean;
  skip?: string;
}

const status500 = (count: number, afterProcessing = false) => ({ failNext: { status: 500, count, ...(afterProcessing ? { afterProcessing } : {}) } });
const hang = (count: number, extra: Record<string, unknown> = {}) => ({ hangNext: { count, ms: HANG_MS, ...extra } });

/** The rows every provider with callbacks runs; `payment` faults vary by provider and are added below. */
function settleRows(withCallbacks: boolean, statusPath?: string): Row[] {
  const path = statusPath ? { path: statusPath } : {};
  const rows: Row[] = [
    { name: 'no fault (baseline)', faults: {}, when: 'settle', action: 'approve', expect: 'paid' },
    { name: '5xx on status queries', faults: { failNext: { status: 500, count: 2, ...path } }, when: 'settle', action: 'approve', expect: 'paid' },
    { name: '503 on status queries, then decline', faults: { failNext: { status: 503, count: 2, ...path } }, when: 'settle', action: 'decline', expect: 'failed' },
    { name: 'timeout on status queries', faults: hang(2, path), when: 'settle', action: 'approve', expect: 'paid' },
  ];
  if (!withCallbacks) return rows;
  return [
    ...rows,
    { name: 'dropped callback', faults: { callbacks: 'drop' }, when: 'settle', action: 'approve', expect: 'paid', finalFromPoll: true },
    { name: 'dropped callback, then decline', faults: { callbacks: 'drop' }, when: 'settle', action: 'decline', expect: 'failed', finalFromPoll: true },
    { name: 'duplicated callback', faults: { callbacks: 'duplicate' }, when: 'settle', action: 'approve', expect: 'paid', deliveries: 'duplicate' },
    {
      name: 'late callback (after the reconciler settled it)',
      faults: { callbacks: 'late', lateMs: LATE_MS },
      when: 'settle',
      action: 'approve',
      expect: 'paid',
      finalFromPoll: true,
      deliveries: 'late',
    },
  ];
}

/** Mom Factura's invoice (the receipt) made after the payment: its `invoice.created` brings it. */
const receiptAfterPaidRow: Row = {
  name: 'invoice made after the payment: paid, then checkout.receipt',
  faults: { invoiceDelayMs: INVOICE_DELAY_MS },
  when: 'settle',
  action: 'approve',
  expect: 'paid',
  receiptAfterPaid: true,
};

/** A lost answer on the creating call: carried out, then a 5xx or a timeout; resolved by asking the provider. */
const lostAnswerRows = (faultsFor: { lost5xx: Record<string, unknown>; timeout: Record<string, unknown> }): Row[] => [
  { name: '5xx on the creating call, after it took effect (answer lost)', faults: faultsFor.lost5xx, when: 'payment', action: 'approve', expect: 'paid' },
  { name: 'timeout on the creating call (answer lost)', faults: faultsFor.timeout, when: 'payment', action: 'approve', expect: 'paid' },
];

// ── the sandboxes' records ─────────────────────────────────────────────

async function controlGet<T>(server: TestServer, path: string): Promise<T> {
  const response = await server.sandbox(path, undefined, 'GET');
  assert.equal(response.status, 200, `GET ${path}`);
  return (await response.json()) as T;
}

interface Deliveries {
  dropped: number;
  attempts: { status?: number }[];
}
const answered = (log: Deliveries) => log.attempts.filter((attempt) => attempt.status !== undefined && attempt.status < 300).length;

/** An invoice carries our reference in its status body; a push (RTP or payment) on its record. */
interface MtnRecord {
  referenceId: string;
  externalId?: string;
  wire: { externalId?: string; status: string };
  callbacks: Deliveries;
}
const mtnState = (status: string): SandboxPayment['state'] => (status === 'SUCCESSFUL' ? 'paid' : status === 'FAILED' ? 'failed' : 'open');
/** `path` under the control API, and the key its list comes under (a payment's: `payment`). */
const mtnPayments =
  (path: 'invoices' | 'requesttopay' | 'payments', key: string = path) =>
  async (server: TestServer): Promise<SandboxPayment[]> => {
    const body = await controlGet<Record<string, MtnRecord[]>>(server, `/mtn-momo/control/${path}`);
    return (body[key] ?? []).map((record) => ({
      id: record.referenceId,
      tag: record.externalId ?? record.wire.externalId,
      state: mtnState(record.wire.status),
      answered: answered(record.callbacks),
      dropped: record.callbacks.dropped,
    }));
  };

interface MomoOrder {
  orderId: string;
  requestId: string;
  resultCode: number;
  ipn: Deliveries;
}
async function momoVnPayments(server: TestServer): Promise<SandboxPayment[]> {
  const { orders } = await controlGet<{ orders: MomoOrder[] }>(server, '/momo-vn/control/orders');
  // 1000 created, 7000/7002/8000/9000 on its way; any other non-zero code is a final failure.
  const OPEN = new Set([1000, 7000, 7002, 8000, 9000]);
  return orders.map((order) => ({
    id: `${order.orderId}/${order.requestId}`,
    tag: order.orderId,
    state: order.resultCode === 0 ? 'paid' : OPEN.has(order.resultCode) ? 'open' : 'failed',
    answered: answered(order.ipn),
    dropped: order.ipn.dropped,
  }));
}

interface MomFacturaPayment {
  transactionId: string;
  method: string;
  state: string;
  sandboxTag?: string;
  webhooks: Deliveries;
}
const momFacturaPayments =
  (method: 'reference' | 'mcx' | 'ekwanza') =>
  async (server: TestServer): Promise<SandboxPayment[]> => {
    const { payments } = await controlGet<{ payments: MomFacturaPayment[] }>(server, '/mom-factura/control/payments');
    return payments
      .filter((payment) => payment.method === method)
      .map((payment) => ({
        id: payment.transactionId,
        ...(payment.sandboxTag ? { tag: payment.sandboxTag } : {}),
        state: payment.state === 'paid' ? 'paid' : payment.state === 'pending' ? 'open' : 'failed',
        answered: answered(payment.webhooks),
        dropped: payment.webhooks.dropped,
      }));
  };

interface DollrExecution {
  reference_id: string;
  operation_type: string;
  status: string;
  invoice?: { reference_id?: string };
}
async function dollrPayments(server: TestServer): Promise<SandboxPayment[]> {
  const { executions } = await controlGet<{ executions: DollrExecution[] }>(server, '/dollr/control/state');
  return executions
    .filter((execution) => execution.operation_type === 'COLLECTION')
    .map((execution) => ({
      id: execution.reference_id,
      ...(execution.invoice?.reference_id ? { tag: execution.invoice.reference_id } : {}),
      state: execution.status === 'COMPLETED' ? 'paid' : execution.status === 'FAILED' ? 'failed' : 'open',
      answered: 0,
      dropped: 0,
    }));
}

// ── one row ────────────────────────────────────────────────────────────

interface History {
  status: CheckoutStatus;
  reason?: FailureReason;
  receiptUrl?: string;
  providerReference?: string;
  events: { source: string; status: CheckoutStatus; reason?: FailureReason; providerStatus?: string }[];
}

async function history(server: TestServer, id: string): Promise<History> {
  const response = await server.merchant(`/v1/checkouts/${id}`);
  assert.equal(response.status, 200);
  return (await response.json()) as History;
}

function pay(server: TestServer, token: string, phone: string) {
  return fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone }),
  });
}

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;

async function setFaults(server: TestServer, provider: string, faults: Record<string, unknown>) {
  const response = await server.sandbox(`/${provider}/control/faults`, faults, 'PUT');
  assert.equal(response.status, 200, `PUT faults ${JSON.stringify(faults)}: ${await response.clone().text()}`);
}

/** One suite's backend: its manual clock, and the tap its callbacks pass. */
interface Backend {
  server: TestServer;
  clock: ManualClock;
  tap: CallbackTap;
}

/** One reconciler pass, the clock first moved by what is due. */
async function pass(backend: Backend): Promise<void> {
  backend.clock.advance(PASS_STEP_MS);
  await backend.server.reconciler.runOnce();
}

/**
 * Drives the stopped reconciler until the checkout is final, then awaits its stream's final
 * update (published with the change). A callback or the payer's answer may settle it first.
 */
async function settleByPasses(backend: Backend, id: string, final: Promise<StatusUpdate[]>): Promise<StatusUpdate[]> {
  for (let passes = 0; !isFinalStatus((await history(backend.server, id)).status); passes += 1) {
    assert.ok(passes < MAX_PASSES, `${id} still open after ${MAX_PASSES} reconciler passes`);
    await pass(backend);
  }
  return final;
}

/** The backend has answered `count` callbacks naming this checkout (by any id the provider knows it by). */
async function callbacksAnswered(backend: Backend, ids: (string | undefined)[], count: number): Promise<void> {
  const names = ids.filter((name): name is string => Boolean(name));
  await backend.tap.answered((callback) => names.some((name) => callback.body.includes(name)), count);
}

/** The webhooks the checkout produced are exactly those its outcome implies; returns their types. */
async function assertWebhooks(backend: Backend, id: string): Promise<string[]> {
  const record = await history(backend.server, id);
  const webhooks = await webhooksOf(backend.server, id);
  assertWebhooksMatch(webhooks, { id, status: record.status, reason: record.reason, receiptUrl: record.receiptUrl });
  return webhooks.map((webhook) => webhook.type);
}

async function runRow(backend: Backend, subject: Subject, row: Row): Promise<void> {
  const { server } = backend;
  await server.sandbox(`/${subject.provider}/control/faults`, undefined, 'DELETE');
  const before = new Set((await subject.payments(server)).map((payment) => payment.id));
  const reference = `FLT-${Math.random().toString(36).slice(2, 10)}`;
  const push = subject.phone !== undefined;

  if (row.when === 'payment' && !push) await setFaults(server, subject.provider, row.faults);
  const created = await server.merchant('/v1/checkouts', { body: { ...subject.body, ...row.body, reference }, idempotencyKey: crypto.randomUUID() });
  let id = '';

  /** The sandbox's payments made during this row (and, where the provider carries it, for this checkout). */
  const ours = async () => (await subject.payments(server)).filter((payment) => !before.has(payment.id) && (payment.tag === undefined || payment.tag === reference || payment.tag === id));

  if (row.expect === 'create-failed') {
    assert.equal(created.status, 502);
    const error = await errorOf(created);
    assert.equal(error.code, 'PROVIDER_UNAVAILABLE');
    const failedId = /co_[0-9a-f]+/.exec(error.message)?.[0];
    assert.ok(failedId, error.message);
    id = failedId;
    const record = await history(server, id);
    assert.equal(record.status, 'failed');
    assert.equal(record.events.filter((event) => isFinalStatus(event.status)).length, 1);
    await assertHeld(await ours(), row, 'failed');
    await assertFaultsConsumed(server, subject.provider);
    await assertWebhooks(backend, id);
    return;
  }
  assert.equal(created.status, 201, await created.clone().text());
  const checkout = (await created.json()) as { id: string; token: string; expiresAt: string };
  id = checkout.id;

  let paying: Promise<Response> | undefined;
  if (push) {
    if (row.when === 'payment') await setFaults(server, subject.provider, row.faults);
    paying = pay(server, checkout.token, subject.phone!);
    if (!subject.payAnswersAfterPayer) {
      const answer = await paying;
      if (row.expect === 'open' || row.retryPay) {
        assert.equal(answer.status, 502);
        assert.equal((await errorOf(answer)).code, 'PROVIDER_UNAVAILABLE');
      } else {
        assert.equal(answer.status, 202, await answer.clone().text());
      }
      if (row.retryPay) {
        const again = await pay(server, checkout.token, subject.phone!);
        assert.equal(again.status, 202, await again.clone().text());
      }
    }
  }
  if (row.when === 'settle') await setFaults(server, subject.provider, row.faults);

  if (row.expect === 'open') {
    // The provider cannot say whether the push went out: nothing settles it before its expiry,
    // and a second push is refused so that the payer can never pay twice.
    if (paying && subject.payAnswersAfterPayer) {
      const answer = await paying;
      assert.equal(answer.status, 502);
    }
    for (let passes = 0; passes < OPEN_PASSES; passes += 1) await pass(backend);
    const again = await pay(server, checkout.token, subject.phone!);
    assert.equal(again.status, 409);
    assert.equal((await errorOf(again)).code, 'PUSH_LIVE');
    const record = await history(server, id);
    assert.ok(!isFinalStatus(record.status), `still open, was ${record.status}`);
    await assertHeld(await ours(), row, 'open');
    await assertFaultsConsumed(server, subject.provider);
    await assertWebhooks(backend, id);
    return;
  }

  const final = readStatusEvents(server, checkout.token, (update) => isFinalStatus(update.status));
  const acted = await server.sandbox(`/checkouts/${id}/${row.action}`);
  assert.equal(acted.status, 202, await acted.clone().text());
  if (paying && subject.payAnswersAfterPayer) {
    // The payer acted, so MCX answers the push; a lost answer is the payer's 502 "your phone may still ring".
    const answer = await paying;
    assert.ok(Object.keys(row.faults).length > 0 ? [202, 502].includes(answer.status) : answer.status === 202, `pay answered ${answer.status}`);
    if (row.lostPushRefusesAnother) {
      assert.equal(answer.status, 502);
      assert.equal((await errorOf(answer)).code, 'PROVIDER_UNAVAILABLE');
      const again = await pay(server, checkout.token, subject.phone!);
      assert.equal(again.status, 409);
      assert.equal((await errorOf(again)).code, 'PUSH_LIVE');
    }
  }
  // Only the expiry settles it: the clock moves past it (the default grace is 0 here).
  if (row.expect === 'expired') backend.clock.set(Math.max(backend.clock.now(), Date.parse(checkout.expiresAt) + 1));
  const updates = await settleByPasses(backend, id, final);
  assert.equal(updates.at(-1)?.status, row.expect, `final status of ${id}`);
  if (row.final) assert.equal(updates.at(-1)?.reason, row.final.reason, 'the payer is told the reason');
  if (row.receiptAfterPaid) assert.equal(updates.at(-1)?.receiptUrl, undefined, 'paid before its receipt exists');

  if (row.finalFromPoll) {
    const [payment] = await ours();
    assert.equal(payment?.answered, 0, 'no callback had arrived when the checkout was settled');
  }
  // Every callback the provider sends (twice each when duplicated) has been answered before the
  // final checks, so that none of them can add an event or a webhook unseen.
  const dropped = row.faults.callbacks === 'drop';
  const bodies = dropped ? 0 : subject.callbackBodies(row.expect) * (row.deliveries === 'duplicate' ? 2 : 1);
  if (bodies > 0) await callbacksAnswered(backend, [id, reference, (await history(server, id)).providerReference], bodies);
  if (dropped) assert.ok(((await ours())[0]?.dropped ?? 0) >= 1, 'the callback was dropped');

  const record = await history(server, id);
  assert.equal(record.status, row.expect);
  const finals = record.events.filter((event) => isFinalStatus(event.status));
  assert.equal(finals.length, 1, `exactly one final event: ${JSON.stringify(record.events)}`);
  if (row.finalFromPoll) assert.equal(finals[0]?.source, 'poll');
  if (row.final) {
    assert.equal(record.reason, row.final.reason, 'the merchant is told the reason');
    assert.deepEqual({ source: finals[0]?.source, reason: finals[0]?.reason, providerStatus: finals[0]?.providerStatus }, row.final);
  }
  await assertHeld(await ours(), row, row.expect);
  await assertFaultsConsumed(server, subject.provider);
  const webhooks = await assertWebhooks(backend, id);
  if (row.receiptAfterPaid) {
    assert.ok(record.receiptUrl, 'the receipt came');
    assert.deepEqual(webhooks, ['checkout.paid', 'checkout.receipt']);
  }
}

async function assertHeld(payments: SandboxPayment[], row: Row, expected: SandboxPayment['state'] | 'expired') {
  if (expected === 'expired') assert.ok(row.held, 'an expired row says what the provider holds');
  const held = row.held ?? { count: 1, state: expected as SandboxPayment['state'] };
  assert.equal(payments.length, held.count, `payments at the provider: ${JSON.stringify(payments)}`);
  if (held.count === 1) assert.equal(payments[0]?.state, held.state);
}

/** Every injected failure and hang was used: the row really went through its fault. */
async function assertFaultsConsumed(server: TestServer, provider: string) {
  const faults = await controlGet<{ failNext?: unknown; hangNext?: unknown; loseAnswer?: unknown }>(server, `/${provider}/control/faults`);
  assert.deepEqual([faults.failNext, faults.hangNext, faults.loseAnswer], [undefined, undefined, undefined], 'every injected fault was used');
  await server.sandbox(`/${provider}/control/faults`, undefined, 'DELETE');
}

// ── the matrix ─────────────────────────────────────────────────────────

// A reference may be polled at every pass (Mom Factura asks for 30 s): the clock moves only PASS_STEP_MS a pass,
// and must stay near real time, by which the sandbox expires E-kwanza codes.
const MOM_FACTURA_ENV = { MOM_FACTURA_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS), MOM_FACTURA_MCX_TIMEOUT_MS: '1500', MOM_FACTURA_REFERENCE_POLL_MS: '100' };

/** The rows make more than Mom Factura's 20 payment requests a minute: its sandbox's limits are lifted. */
const liftMomFacturaLimits = async (server: TestServer) => {
  const lifted = await server.sandbox('/mom-factura/control/limits', { requestsPerMinute: 100_000, paymentsPerMinute: 100_000 }, 'PUT');
  assert.equal(lifted.status, 200);
};

const mcx: Subject = {
  name: 'mom-factura mcx',
  provider: 'mom-factura',
  body: { provider: 'mom-factura', method: 'mcx', amount: '5000', currency: 'AOA' },
  phone: '244923000000',
  payAnswersAfterPayer: true,
  callbackBodies: () => 0,
  payments: momFacturaPayments('mcx'),
};

interface Suite {
  /** Names a second suite of the same provider, with its own backend (and clock). */
  label?: string;
  env: Record<string, string>;
  /** Run once the backend is up. */
  setup?: (server: TestServer) => Promise<void>;
  subjects: { subject: Subject; rows: Row[] }[];
}

const suites: Suite[] = [
  {
    env: { MTN_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS) },
    subjects: [
      {
        subject: {
          name: 'mtn-momo invoice',
          provider: 'mtn-momo',
          body: { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX' },
          callbackBodies: () => 1,
          payments: mtnPayments('invoices'),
        },
        rows: [
          ...settleRows(true),
          ...lostAnswerRows({ lost5xx: status500(1, true), timeout: hang(1) }),
          {
            name: '5xx on create with nothing made: failed, nothing handed out',
            faults: status500(1),
            when: 'payment',
            action: 'approve',
            expect: 'create-failed',
            held: { count: 0 },
          },
        ],
      },
      {
        subject: {
          name: 'mtn-momo request-to-pay',
          provider: 'mtn-momo',
          body: { provider: 'mtn-momo', method: 'request-to-pay', amount: '25000', currency: 'UGX' },
          phone: '256772123456',
          callbackBodies: () => 1,
          payments: mtnPayments('requesttopay'),
        },
        rows: [
          ...settleRows(true),
          ...lostAnswerRows({ lost5xx: status500(1, true), timeout: hang(1) }),
          {
            name: '5xx on the push with nothing made: MTN confirms it, the payer pushes again and pays once',
            faults: status500(1),
            when: 'payment',
            action: 'approve',
            expect: 'paid',
            retryPay: true,
          },
        ],
      },
      {
        subject: {
          name: 'mtn-momo payment',
          provider: 'mtn-momo',
          body: { provider: 'mtn-momo', method: 'payment', amount: '25000', currency: 'UGX' },
          phone: '256772123456',
          callbackBodies: () => 1,
          payments: mtnPayments('payments', 'payment'),
        },
        rows: [
          ...settleRows(true),
          ...lostAnswerRows({ lost5xx: status500(1, true), timeout: hang(1) }),
          {
            name: '5xx on the push with nothing made: MTN confirms it, the payer pushes again and pays once',
            faults: status500(1),
            when: 'payment',
            action: 'approve',
            expect: 'paid',
            retryPay: true,
          },
        ],
      },
    ],
  },
  {
    env: { MOMO_VN_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS) },
    subjects: [
      {
        subject: {
          name: 'momo-vn wallet',
          provider: 'momo-vn',
          body: { provider: 'momo-vn', method: 'wallet', amount: '50000', currency: 'VND' },
          callbackBodies: () => 1,
          payments: momoVnPayments,
        },
        rows: [
          ...settleRows(true),
          ...lostAnswerRows({ lost5xx: status500(1, true), timeout: hang(1) }),
          // MoMo has no such order (query 42): the same requestId is sent again.
          { name: '5xx on create with nothing made: sent again, one order', faults: { failNext: { status: 503, count: 1 } }, when: 'payment', action: 'approve', expect: 'paid' },
        ],
      },
    ],
  },
  {
    env: MOM_FACTURA_ENV,
    setup: liftMomFacturaLimits,
    subjects: [
      {
        subject: {
          name: 'mom-factura reference',
          provider: 'mom-factura',
          body: { provider: 'mom-factura', method: 'reference', amount: '5000', currency: 'AOA' },
          // A paid payment: payment.confirmed then invoice.created; otherwise one body.
          callbackBodies: (outcome) => (outcome === 'paid' ? 2 : 1),
          payments: momFacturaPayments('reference'),
        },
        rows: [
          ...settleRows(true),
          receiptAfterPaidRow,
          { name: '5xx on create with nothing made: failed', faults: status500(1), when: 'payment', action: 'approve', expect: 'create-failed', held: { count: 0 } },
          // Mom Factura lets the client choose no id, so a lost answer cannot be looked up: the
          // checkout fails and the reference nobody was shown stays unpaid at Mom Factura.
          {
            name: '5xx on create after it took effect: failed, the unseen reference stays unpaid',
            faults: status500(1, true),
            when: 'payment',
            action: 'approve',
            expect: 'create-failed',
            held: { count: 1, state: 'open' },
          },
          {
            name: 'timeout on create: failed, the unseen reference stays unpaid',
            faults: hang(1),
            when: 'payment',
            action: 'approve',
            expect: 'create-failed',
            held: { count: 1, state: 'open' },
          },
        ],
      },
      {
        subject: {
          name: 'mom-factura ekwanza',
          provider: 'mom-factura',
          body: { provider: 'mom-factura', method: 'ekwanza', amount: '5000', currency: 'AOA', payer: { phone: '244923000000' } },
          // Webhooks as for a reference (seed 004: Reference and E-kwanza).
          callbackBodies: (outcome) => (outcome === 'paid' ? 2 : 1),
          payments: momFacturaPayments('ekwanza'),
        },
        rows: [
          ...settleRows(true),
          receiptAfterPaidRow,
          { name: '5xx on create with nothing made: failed', faults: status500(1), when: 'payment', action: 'approve', expect: 'create-failed', held: { count: 0 } },
          {
            name: 'timeout on create: failed, the unseen code stays unpaid',
            faults: hang(1),
            when: 'payment',
            action: 'approve',
            expect: 'create-failed',
            held: { count: 1, state: 'open' },
          },
        ],
      },
      {
        subject: mcx,
        rows: [
          { name: 'no fault (baseline)', faults: {}, when: 'payment', action: 'approve', expect: 'paid' },
          { name: 'decline', faults: {}, when: 'payment', action: 'decline', expect: 'failed' },
          {
            name: '5xx on the push with nothing made: open until expiry, no second push',
            faults: status500(1),
            when: 'payment',
            action: 'approve',
            expect: 'open',
            held: { count: 0 },
          },
        ],
      },
    ],
  },
  {
    // MCX has no status endpoint and sends no webhooks: a lost answer is settled only by the
    // expiry, which the row reaches by moving the clock past it once the push's 1.5 s timeout
    // has answered the payer. Its own backend: the other rows' clock must not jump 60 s ahead of
    // the sandbox, which expires E-kwanza codes on real time.
    label: 'mom-factura, mcx at expiry',
    env: MOM_FACTURA_ENV,
    setup: liftMomFacturaLimits,
    subjects: [
      {
        subject: mcx,
        rows: [
          {
            name: 'timeout on the push after the payer approved (answer lost): no second push, expired as outcome unknown, paid once',
            faults: hang(1, { ms: 2_000 }),
            when: 'payment',
            action: 'approve',
            expect: 'expired',
            body: { expiresInSeconds: 60 },
            lostPushRefusesAnother: true,
            final: { source: 'expiry', reason: 'outcome_unknown', providerStatus: 'OUTCOME_UNKNOWN' },
            held: { count: 1, state: 'paid' },
          },
        ],
      },
    ],
  },
  {
    env: { DOLLR_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS) },
    subjects: [
      {
        subject: {
          name: 'dollr collection',
          provider: 'dollr',
          body: { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD' },
          phone: '231881234567',
          callbackBodies: () => 0,
          payments: dollrPayments,
        },
        rows: [
          ...settleRows(false, '/v1/status/'),
          ...lostAnswerRows({ lost5xx: { loseAnswer: { count: 1 } }, timeout: hang(1, { path: '/v1/executions/' }) }),
          {
            name: '5xx on the execution with nothing made: asked, sent again, executed once',
            faults: { failNext: { status: 503, count: 1, path: '/v1/executions/collection' } },
            when: 'payment',
            action: 'approve',
            expect: 'paid',
          },
        ],
      },
    ],
  },
];

describe('every provider converges under every fault, and nothing is paid twice', { concurrency: suites.length }, () => {
  for (const suite of suites) {
    const provider = suite.subjects[0]!.subject.provider;
    describe(suite.label ?? provider, { concurrency: 1 }, () => {
      let server: TestServer;
      let backend: Backend;
      before(async () => {
        const clock = manualClock();
        // The sandboxes call back through the tap, so that a callback's answer is an event.
        const tap = await startCallbackTap();
        server = await startTestServer(RECONCILE, { publicBaseUrl: tap.url }, suite.env, { clock, reconcile: false });
        tap.forwardTo(server.config.port);
        backend = { server, clock, tap };
        await suite.setup?.(server);
      });
      after(async () => {
        await server.close();
        await backend.tap.close();
      });

      if (!suite.label)
        test(`${provider}: the fault API takes hangNext and failNext, refuses malformed ones, and resets`, async () => {
          const refused = provider === 'dollr' ? 422 : 400;
          for (const bad of [{ hangNext: { count: -1, ms: 10 } }, { hangNext: { count: 1, ms: 'long' } }, { hangNext: { count: 1, ms: 600_001 } }, { failNext: { status: 418, count: 1 } }]) {
            const response = await server.sandbox(`/${provider}/control/faults`, bad, 'PUT');
            assert.equal(response.status, refused, JSON.stringify(bad));
          }
          const failNext = provider === 'dollr' ? { status: 500, count: 1 } : { status: 500, count: 1, afterProcessing: true };
          await setFaults(server, provider, { hangNext: { count: 2, ms: 50 }, failNext });
          const set = await controlGet<{ hangNext?: unknown; failNext?: unknown }>(server, `/${provider}/control/faults`);
          assert.deepEqual([set.hangNext, set.failNext], [{ count: 2, ms: 50 }, failNext]);
          await server.sandbox(`/${provider}/control/faults`, undefined, 'DELETE');
          await assertFaultsConsumed(server, provider);
        });

      for (const { subject, rows } of suite.subjects) {
        for (const row of rows) {
          const options = { timeout: ROW_TIMEOUT_MS, ...(row.skip ? { skip: row.skip } : {}) };
          test(`${subject.name}: ${row.name} → ${row.expect}`, options, () => runRow(backend, subject, row));
        }
      }
    });
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STATUSES, type CheckoutStatus, type FailureReason } from '../../contract';
import {
  canResolve,
  checkoutEventType,
  decidePayoutTransition,
  decidePushWord,
  decideTransition,
  OPEN_STATUSES,
  PAYOUT_STATES,
  payoutEventType,
  resolutionFromProvider,
  sqlList,
  WEBHOOK_EVENT_TYPES,
  type TransitionDecision,
} from '../../server-example/lifecycle/rules';

// Rows: from; columns: to, in the order of STATUSES (pending, processing, paid, failed, expired, cancelled).
const TABLE: Record<CheckoutStatus, TransitionDecision[]> = {
  pending: ['same', 'apply', 'apply', 'apply', 'apply', 'apply'],
  processing: ['backwards', 'same', 'apply', 'apply', 'apply', 'apply'],
  paid: ['final', 'final', 'same', 'final', 'final', 'final'],
  failed: ['final', 'final', 'final', 'same', 'final', 'final'],
  expired: ['final', 'final', 'final', 'final', 'same', 'final'],
  cancelled: ['final', 'final', 'final', 'final', 'final', 'same'],
};

for (const from of STATUSES) {
  STATUSES.forEach((to, column) => {
    const expected = TABLE[from][column];
    test(`${from} → ${to}: ${expected}`, () => {
      assert.equal(decideTransition(from, to), expected);
    });
  });
}

test('a payout goes processing → paid | failed, and never out of a final one', () => {
  const table = PAYOUT_STATES.map((from) => PAYOUT_STATES.map((to) => decidePayoutTransition(from, to)));
  assert.deepEqual(table, [
    ['same', 'apply', 'apply'],
    ['final', 'same', 'final'],
    ['final', 'final', 'same'],
  ]);
});

test('each final status sends its webhook, processing none; payouts likewise', () => {
  assert.deepEqual(STATUSES.map(checkoutEventType), [undefined, undefined, 'checkout.paid', 'checkout.failed', 'checkout.expired', 'checkout.cancelled']);
  assert.deepEqual(PAYOUT_STATES.map(payoutEventType), [undefined, 'payout.paid', 'payout.failed']);
  for (const type of [...STATUSES.map(checkoutEventType), ...PAYOUT_STATES.map(payoutEventType)]) {
    if (type) assert.ok(WEBHOOK_EVENT_TYPES.includes(type), type);
  }
});

test("only an unknown outcome is resolved, and once; a provider's late word resolves it as paid or not", () => {
  const resolvedAt = '2026-01-01T00:00:00.000Z';
  assert.equal(canResolve({ status: 'expired', reason: 'outcome_unknown' }), true);
  assert.equal(canResolve({ status: 'expired', reason: 'outcome_unknown', resolution: { outcome: 'paid', source: 'operator', resolvedAt } }), false);
  assert.equal(canResolve({ status: 'expired', reason: 'expired' }), false);
  assert.equal(canResolve({ status: 'paid' }), false);
  assert.deepEqual(STATUSES.map(resolutionFromProvider), [undefined, undefined, 'paid', 'not_paid', 'not_paid', 'not_paid']);
});

test('SQL status lists come from the constants, quoted', () => {
  assert.equal(sqlList(OPEN_STATUSES), "'pending', 'processing'");
  assert.equal(sqlList(["it's"]), "'it''s'");
});

test('a push that ended unanswered ends the attempt, not the checkout: reopened while payable; words about an ended or earlier push move nothing but paid', () => {
  const now = Date.parse('2026-01-01T10:00:00.000Z');
  const payable = { status: 'processing' as const, expiresAt: '2026-01-01T10:15:00.000Z', push: { id: 'p1' } };
  const word = (status: CheckoutStatus, reason?: FailureReason, aboutPush = 'p1') => ({ status, ...(reason ? { reason } : {}), aboutPush });
  // Nobody approved in time, or no wallet at the number: the attempt ended.
  for (const [status, reason] of [
    ['expired', 'expired'],
    ['failed', 'timeout'],
    ['failed', 'invalid_payer'],
  ] as const) {
    assert.equal(decidePushWord(payable, word(status, reason), 'callback', now), 'reopen', `${status}/${reason}`);
    assert.equal(decidePushWord({ ...payable, status: 'pending' }, word(status, reason), 'payer', now), 'reopen', 'MCX: pending throughout');
  }
  // The payer's answer, or the provider's failure, is the checkout's outcome.
  for (const [status, reason] of [
    ['failed', 'rejected'],
    ['failed', 'insufficient_funds'],
    ['failed', 'payer_limit'],
    ['failed', 'provider_error'],
    ['cancelled', 'cancelled'],
    ['paid', undefined],
    ['processing', undefined],
  ] as const) {
    assert.equal(decidePushWord(payable, word(status, reason), 'callback', now), 'outcome', `${status}/${reason}`);
  }
  // Past the checkout's expiry nothing is payable: the push's end is the checkout's.
  assert.equal(decidePushWord(payable, word('expired', 'expired'), 'poll', Date.parse(payable.expiresAt)), 'outcome');
  // Our own words close the checkout; they never end a push.
  for (const source of ['expiry', 'merchant', 'operator', 'create'] as const) assert.equal(decidePushWord(payable, word('expired', 'expired'), source, now), 'outcome', source);
  // A word about a push that is not the live one (an earlier push, or this one once ended) moves nothing, unless money moved.
  const ended = { status: 'pending' as const, expiresAt: payable.expiresAt, push: { id: 'p1', endedAt: '2026-01-01T09:59:00.000Z' } };
  assert.equal(decidePushWord(ended, word('processing'), 'poll', now), 'stale');
  assert.equal(decidePushWord(ended, word('failed', 'timeout'), 'poll', now), 'stale');
  assert.equal(decidePushWord({ ...payable, push: { id: 'p2' } }, word('failed', 'rejected'), 'callback', now), 'stale');
  assert.equal(decidePushWord(ended, word('paid'), 'poll', now), 'outcome');
  // Not about a push (an invoice, our expiry), or on a final checkout: the status machine decides.
  assert.equal(decidePushWord(payable, { status: 'expired', reason: 'expired' }, 'poll', now), 'outcome');
  assert.equal(decidePushWord({ ...payable, status: 'failed' }, word('paid'), 'poll', now), 'outcome');
  assert.equal(decideTransition('processing', 'pending'), 'backwards', 'only a push end goes back to pending, never a plain word');
});

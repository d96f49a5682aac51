import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STATUSES, type CheckoutStatus } from '../../contract';
import {
  canResolve,
  checkoutEventType,
  decidePayoutTransition,
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

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STATUSES, type CheckoutStatus } from '../../contract';
import { decideTransition, type TransitionDecision } from '../../server-example/lifecycle/rules';

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

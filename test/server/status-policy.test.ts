/**
 * The element's status policy (src/core/status-policy.ts) against the server's lifecycle rules
 * (decideTransition): for every pair of statuses, what the element shows after an update agrees
 * with what the server would apply. Where they differ by design, the element's own part is
 * checked too: a checkout that loads final is told to the page once, and a final status takes
 * late proof (a receipt, the payment's proof), never another status.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isFinalStatus, STATUSES, type CheckoutStatus, type StatusUpdate } from '../../contract';
import { decideTransition } from '../../server-example/lifecycle/rules';
import { FINAL_EVENTS, nextShown, shownAtLoad, type ShownStatus } from '../../src/core/status-policy';

const at = '2026-03-01T10:00:00.000Z';
const update = (status: CheckoutStatus, extra: Partial<StatusUpdate> = {}): StatusUpdate => ({ status, updatedAt: at, ...extra });
/** Shown after the page was told `status` (by load when open, by an update when final). */
const told = (status: CheckoutStatus): ShownStatus => ({ status, update: update(status), announced: true });

describe('the element’s status policy agrees with the lifecycle rules', () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const decision = decideTransition(from, to);
      test(`${from} → ${to}: the server says ${decision}`, () => {
        const { shown, events } = nextShown(told(from), update(to));
        if (decision === 'apply') {
          assert.equal(shown.status, to);
          assert.deepEqual(events, isFinalStatus(to) ? ['momo-status', FINAL_EVENTS[to]] : ['momo-status']);
        } else {
          // same, final, backwards: the status shown stays, and the page hears nothing new.
          assert.equal(shown.status, from);
          assert.deepEqual(events, []);
        }
      });
    }
  }

  test('every status reached from the one at load is one the server can reach', () => {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const { shown } = nextShown(shownAtLoad(from), update(to));
        if (shown.status !== from) assert.equal(decideTransition(from, to), 'apply', `${from} → ${to}`);
      }
    }
  });
});

describe('the element’s own part', () => {
  test('an open status at load counts as told; a final one is told once, by its first update', () => {
    assert.deepEqual(nextShown(shownAtLoad('pending'), update('pending')).events, []);
    const loadedPaid = nextShown(shownAtLoad('paid'), update('paid'));
    assert.deepEqual(loadedPaid.events, ['momo-status', 'momo-paid']);
    assert.deepEqual(nextShown(loadedPaid.shown, update('paid')).events, []);
    // Another final status than the one loaded is never taken.
    assert.deepEqual(nextShown(shownAtLoad('paid'), update('failed')), { shown: shownAtLoad('paid'), events: [] });
  });

  test('a final status takes a late receipt and proof of payment, and replaces neither', () => {
    const paid = told('paid');
    const payment = { paidAt: at, transactionId: 'TX-1' };
    const withReceipt = nextShown(paid, update('paid', { receiptUrl: 'https://r.example/1', payment })).shown;
    assert.equal(withReceipt.update?.receiptUrl, 'https://r.example/1');
    assert.deepEqual(withReceipt.update?.payment, payment);
    const again = nextShown(withReceipt, update('paid', { receiptUrl: 'https://r.example/2', payment: { paidAt: at, transactionId: 'TX-2' } }));
    assert.equal(again.shown, withReceipt, 'nothing replaced');
    assert.deepEqual(again.events, []);
    // Proof for another status is not this one's.
    assert.equal(nextShown(told('failed'), update('paid', { receiptUrl: 'https://r.example/1' })).shown.update?.receiptUrl, undefined);
  });

  test('an open status takes the latest update of the same status (its reason, its charge)', () => {
    const { shown, events } = nextShown(told('processing'), update('processing', { updatedAt: '2026-03-01T10:01:00.000Z' }));
    assert.equal(shown.update?.updatedAt, '2026-03-01T10:01:00.000Z');
    assert.deepEqual(events, []);
  });
});

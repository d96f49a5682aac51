/**
 * What the payer is charged, as the element's status policy keeps it (src/core/status-policy.ts):
 * the latest update says it (the backend repeats it while it applies and drops it with an ended
 * push), a new charge replaces it, and a final status takes a charge that comes late, like its receipt.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Charge, CheckoutStatus, StatusUpdate } from '../../contract';
import { nextShown, shownAtLoad } from '../../src/core/status-policy';

const at = '2026-03-01T10:00:00.000Z';
const update = (status: CheckoutStatus, charge?: Charge): StatusUpdate => ({ status, updatedAt: at, ...(charge ? { charge } : {}) });
const orange: Charge = { amount: '25.00', fee: '1.00', total: '26.00', currency: 'USD' };
const mtn: Charge = { amount: '25.00', fee: '0.75', total: '25.75', currency: 'USD' };

test('the latest update says what is charged, to the final status; an update without it (the push ended) drops it', () => {
  const processing = nextShown(shownAtLoad('pending'), update('processing', orange)).shown;
  assert.deepEqual(processing.update?.charge, orange);
  const paid = nextShown(processing, update('paid', orange)).shown;
  assert.equal(paid.status, 'paid');
  assert.deepEqual(paid.update?.charge, orange);
  const ended: StatusUpdate = { ...update('pending'), sent: { to: '+231 88• ••• 567', at, canResend: true } };
  const reopened = nextShown(processing, ended).shown;
  assert.deepEqual([reopened.status, reopened.update?.charge], ['pending', undefined]);
});

test('a new charge (another operator’s fee) replaces the one shown', () => {
  const first = nextShown(shownAtLoad('pending'), update('pending', orange)).shown;
  assert.deepEqual(nextShown(first, update('pending', mtn)).shown.update?.charge, mtn);
});

test('a final status takes a charge that comes late, and keeps the first one it has', () => {
  const paid = nextShown(shownAtLoad('pending'), update('paid')).shown;
  assert.equal(paid.update?.charge, undefined);
  const charged = nextShown(paid, update('paid', orange)).shown;
  assert.deepEqual(charged.update?.charge, orange);
  assert.equal(nextShown(charged, update('paid', mtn)).shown, charged);
});

test('no charge is made up when no fee ever applied', () => {
  const paid = nextShown(nextShown(shownAtLoad('pending'), update('processing')).shown, update('paid')).shown;
  assert.equal('charge' in (paid.update ?? {}), false);
});

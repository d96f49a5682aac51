/**
 * The element's status policy (src/core/status-policy.ts) against the server's push rules: when
 * the provider ends a live push unpaid, the server reopens the checkout (`pending` again after
 * `processing`, decidePushWord) and its status update says another push may go (pushSentOf). The
 * element must follow it there, and only there: other late news of an earlier stage changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckoutStatus, StatusUpdate } from '../../contract';
import { pushSentOf } from '../../server-example/checkouts/push-view';
import { decidePushWord, PAYABLE_STATUS } from '../../server-example/lifecycle/rules';
import { nextShown, type ShownStatus } from '../../src/core/status-policy';

const at = '2026-03-01T10:00:00.000Z';
const expiresAt = '2026-03-01T10:15:00.000Z';
const now = Date.parse('2026-03-01T10:02:00.000Z');
const push = { id: 'push_1', to: '+256 77• ••• 456', at };
const processing: ShownStatus = { status: 'processing', update: { status: 'processing', updatedAt: at, sent: pushSentOf({ status: 'processing', push }) }, announced: true };

describe('a push that ended unpaid, as the server and the element see it', () => {
  for (const reason of ['timeout', 'expired', 'invalid_payer'] as const) {
    test(`${reason}: the server reopens the checkout, and the element shows it pending again`, () => {
      const checkout = { status: 'processing' as const, expiresAt, push };
      assert.equal(decidePushWord(checkout, { status: 'failed', reason, aboutPush: push.id }, 'poll', now), 'reopen');
      // What the server then stores and tells: pending, the push ended, another may go.
      const reopened = { status: PAYABLE_STATUS as CheckoutStatus, push: { ...push, endedAt: new Date(now).toISOString(), endReason: reason } };
      const update: StatusUpdate = { status: reopened.status, updatedAt: new Date(now).toISOString(), sent: pushSentOf(reopened) };
      assert.equal(update.sent?.canResend, true);
      const { shown, events } = nextShown(processing, update);
      assert.equal(shown.status, 'pending');
      assert.deepEqual(events, ['momo-status']);
    });
  }

  test('pending after processing without an ended push is late news, and changes nothing', () => {
    for (const sent of [undefined, pushSentOf({ status: 'pending', push })]) {
      const { shown, events } = nextShown(processing, { status: 'pending', updatedAt: at, ...(sent ? { sent } : {}) });
      assert.equal(shown, processing, JSON.stringify(sent));
      assert.deepEqual(events, []);
    }
  });

  test('an earlier push’s end, arriving after a later push went, changes nothing', () => {
    const later = { ...push, id: 'push_2', at: '2026-03-01T10:05:00.000Z' };
    const shownLater: ShownStatus = { status: 'processing', update: { status: 'processing', updatedAt: later.at, sent: pushSentOf({ status: 'processing', push: later }) }, announced: true };
    const stale: StatusUpdate = { status: 'pending', updatedAt: at, sent: pushSentOf({ status: 'pending', push: { ...push, endedAt: at } }) };
    assert.equal(stale.sent?.canResend, true);
    assert.equal(nextShown(shownLater, stale).shown, shownLater);
  });
});

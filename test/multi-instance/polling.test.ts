/**
 * The reconcilers of three instances poll MTN as one: each due checkout is taken by one
 * instance at a time (a lease), and together they stay within MTN's 10 status calls a second
 * for their one API user. The sandbox keeps every collection call with its start and end
 * (`/control/calls`); callbacks are dropped, so each checkout is paid by a poll, and the first
 * few status answers are held a while, so that a second poll of the same checkout made meanwhile
 * would overlap the first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CollectionCall } from '../../server-example/sandboxes/mtn-momo/call-log';
import { createCheckout, openEventStream, startCluster, type Cluster } from './cluster';

const CHECKOUTS = 45;
/** The first status answers held: enough for overlaps to show, few enough that most polls run at full speed. */
const HELD = 9;
/** MTN's limit per API user. */
const STATUS_CALLS_PER_SECOND = 10;

/** The most calls that started within any one second. */
function busiestSecond(calls: CollectionCall[]): number {
  const starts = calls.map((call) => call.startedAtMs).sort((x, y) => x - y);
  let most = 0;
  for (let first = 0, last = 0; first < starts.length; first++) {
    while (last < starts.length && starts[last]! < starts[first]! + 1_000) last++;
    most = Math.max(most, last - first);
  }
  return most;
}

describe('three instances polling one MTN API user', () => {
  let cluster: Cluster;
  before(async () => {
    // Polls as often as the reconciler may: far more than 10 a second are due.
    cluster = await startCluster({ env: { RECONCILE_INTERVAL_MS: '20', RECONCILE_FIRST_POLL_MS: '50', RECONCILE_MAX_POLL_MS: '100' } });
  });
  after(() => cluster?.close());

  test('no checkout is polled twice at once, and all three together make ≤ 10 status calls a second', { timeout: 180_000 }, async () => {
    const checkouts = await Promise.all(Array.from({ length: CHECKOUTS }, (_, index) => createCheckout(cluster.instances[index % cluster.instances.length]!)));
    // From here on, only the reconcilers ask for statuses (a create reads its invoice once, not held by the limit).
    await cluster.sandboxes.mtn('/control/calls', { method: 'DELETE' });
    const faults = await cluster.sandboxes.mtn('/control/faults', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ callbacks: 'drop', hangNext: { count: HELD, ms: 300 } }),
    });
    assert.equal(faults.status, 200);

    const streams = await Promise.all(checkouts.map((checkout, index) => openEventStream(cluster.instances[(index + 1) % cluster.instances.length]!, checkout.token)));
    for (const [index, checkout] of checkouts.entries()) {
      assert.equal((await cluster.instances[(index + 2) % cluster.instances.length]!.actAsPayer(checkout.id, 'approve')).status, 202);
    }
    await Promise.all(streams.map((stream) => stream.untilStatus('paid')));

    const calls = await cluster.sandboxes.calls({ kind: 'status' });
    assert.ok(calls.length >= CHECKOUTS, `each paid by a poll: ${calls.length} status calls`);
    assert.equal(new Set(calls.map((call) => call.apiUser)).size, 1, 'all by the one API user');

    const byCheckout = new Map<string, CollectionCall[]>();
    for (const call of calls) byCheckout.set(call.referenceId!, [...(byCheckout.get(call.referenceId!) ?? []), call]);
    assert.equal(byCheckout.size, CHECKOUTS);
    for (const [referenceId, polls] of byCheckout) {
      const sorted = [...polls].sort((x, y) => x.startedAtMs - y.startedAtMs);
      for (const [index, poll] of sorted.entries()) {
        const next = sorted[index + 1];
        if (!next) continue;
        assert.ok(poll.endedAtMs !== undefined && next.startedAtMs >= poll.endedAtMs, `${referenceId} polled again while a poll was out: ${JSON.stringify(sorted)}`);
      }
    }

    const most = busiestSecond(calls);
    assert.ok(most <= STATUS_CALLS_PER_SECOND, `${most} status calls within one second (of ${calls.length})`);
    await cluster.sandboxes.mtn('/control/faults', { method: 'DELETE' });
  });
});

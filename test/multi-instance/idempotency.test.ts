/**
 * One Idempotency-Key sent to three instances at once: one checkout, one invoice at MTN. The
 * sandbox holds its answer to the create a moment, so that the first request is still in hand
 * on its instance while the others arrive on theirs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { invoice, startCluster, type Cluster } from './cluster';

const HOLD_MS = 1_000;

describe('three instances: concurrent creates with one Idempotency-Key', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ env: { RECONCILE_INTERVAL_MS: '50', RECONCILE_FIRST_POLL_MS: '60000', RECONCILE_MAX_POLL_MS: '60000' } });
  });
  after(() => cluster?.close());

  test('two requests on each instance at once give one checkout and one provider create; retries get it back', { timeout: 120_000 }, async () => {
    const key = crypto.randomUUID();
    const body = invoice();
    // Each instance's MTN token first, so that the held call is the create itself.
    await Promise.all(cluster.instances.map((instance) => instance.merchant('/v1/checkouts', { body: invoice(), idempotencyKey: crypto.randomUUID() })));
    await cluster.sandboxes.mtn('/control/calls', { method: 'DELETE' });
    await cluster.sandboxes.mtn('/control/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ hangNext: { count: 1, ms: HOLD_MS } }) });

    const answers = await Promise.all(
      [...cluster.instances, ...cluster.instances].map(async (instance) => {
        const response = await instance.merchant('/v1/checkouts', { body, idempotencyKey: key });
        return { status: response.status, body: (await response.json()) as { id?: string; error?: { code: string } } };
      }),
    );
    const created = answers.filter((answer) => answer.status === 201);
    const busy = answers.filter((answer) => answer.status === 409);
    assert.equal(created.length + busy.length, answers.length, `201 or 409 only: ${JSON.stringify(answers)}`);
    assert.ok(created.length >= 1, 'one of them created it');
    assert.ok(busy.length >= 1, 'the first was still in hand when others came');
    for (const answer of busy) assert.equal(answer.body.error?.code, 'IDEMPOTENCY_KEY_IN_USE');
    const ids = new Set(created.map((answer) => answer.body.id));
    assert.equal(ids.size, 1, 'every 201 names the same checkout');
    const [id] = ids;

    // Once the first is done, the key answers the same checkout on every instance.
    for (const instance of cluster.instances) {
      const retry = await instance.merchant('/v1/checkouts', { body, idempotencyKey: key });
      assert.equal(retry.status, 201, instance.name);
      assert.equal(((await retry.json()) as { id: string }).id, id, instance.name);
    }

    const list = (await (await cluster.instances[0]!.merchant('/v1/checkouts?limit=100')).json()) as { data: { id: string; reference: string }[] };
    assert.deepEqual(
      list.data.filter((checkout) => checkout.reference === body.reference).map((checkout) => checkout.id),
      [id],
      'one checkout for the order',
    );
    const { invoices } = (await (await cluster.sandboxes.mtn('/control/invoices')).json()) as { invoices: { externalId: string }[] };
    assert.equal(invoices.filter((entry) => entry.externalId === body.reference).length, 1, 'one invoice at MTN');
    assert.equal((await cluster.sandboxes.calls({ kind: 'create' })).length, 1, 'one create call at MTN');
  });
});

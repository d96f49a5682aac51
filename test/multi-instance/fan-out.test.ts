/**
 * Status changes reach event streams on every instance, and a shutdown sends streams elsewhere.
 * The reconciler's first poll is a minute away here, so the only thing that moves a checkout is
 * the provider's callback, on the instance its URL names: whatever a stream on another instance
 * sees came to it through the database's notifications.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkoutHistory, createCheckout, openEventStream, startCluster, threeInstances, type Cluster } from './cluster';

interface InvoiceRecord {
  externalId: string;
  callbacks: { attempts: { url: string }[] };
}

async function mtnInvoice(cluster: Cluster, reference: string): Promise<InvoiceRecord> {
  const { invoices } = (await (await cluster.sandboxes.mtn('/control/invoices')).json()) as { invoices: InvoiceRecord[] };
  const found = invoices.filter((invoice) => invoice.externalId === reference);
  assert.equal(found.length, 1, `one invoice for ${reference}`);
  return found[0]!;
}

describe('three instances on one PostgreSQL database: fan-out and shutdown', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ env: { RECONCILE_INTERVAL_MS: '50', RECONCILE_FIRST_POLL_MS: '60000', RECONCILE_MAX_POLL_MS: '60000' } });
  });
  after(() => cluster?.close());

  test('a stream on A gets `paid` when the callback lands on B', { timeout: 60_000 }, async () => {
    const [a, b] = threeInstances(cluster);
    // Created on B: the invoice's callback URL names B.
    const checkout = await createCheckout(b);
    const stream = await openEventStream(a, checkout.token);
    assert.equal(stream.statuses()[0]?.status, 'pending');

    assert.equal((await b.actAsPayer(checkout.id, 'approve')).status, 202);
    const paid = await stream.untilStatus('paid');
    assert.ok(paid.payment?.transactionId, 'the payment is shown');
    await stream.ended;
    assert.deepEqual(
      stream.statuses().map((update) => update.status),
      ['pending', 'paid'],
    );

    // The sandbox notes the callback's answer only once B has sent it, which may be after the
    // stream saw `paid`: that B took it shows in the history, where `paid` came from the callback.
    const invoice = await mtnInvoice(cluster, checkout.reference);
    assert.deepEqual(
      invoice.callbacks.attempts.map((attempt) => new URL(attempt.url).port),
      [new URL(b.publicUrl).port],
      'the one callback went to B',
    );
    const history = await checkoutHistory(a, checkout.id);
    assert.deepEqual(
      history.events.filter((event) => event.status === 'paid').map((event) => event.source),
      ['callback'],
      'B took the callback and applied it',
    );
  });

  test('SIGTERM on the instance holding a stream: the stream ends with the reconnect hint; reconnected on another, it gets `paid`', { timeout: 120_000 }, async () => {
    const [a, b, c] = threeInstances(cluster);
    const checkout = await createCheckout(c);
    const first = await openEventStream(a, checkout.token);

    const exit = await a.kill('SIGTERM');
    await first.ended;
    assert.deepEqual(exit, { code: 0, signal: null }, 'A shut down gracefully');
    const last = first.events.at(-1);
    assert.equal(last?.event, 'reconnect', `the stream's last event: ${JSON.stringify(first.events)}`);
    assert.deepEqual(last.data, { reason: 'shutdown' });
    assert.ok((last.retry ?? 0) > 0, 'with a retry delay for EventSource');
    assert.equal((await fetch(`${a.api}/healthz`).catch(() => undefined))?.status, undefined, 'A no longer answers');

    // The element comes back with the same token, landing on B.
    const second = await openEventStream(b, checkout.token);
    assert.equal(second.statuses()[0]?.status, 'pending');
    assert.equal((await b.actAsPayer(checkout.id, 'approve')).status, 202);
    await second.untilStatus('paid');
    await second.ended;

    await a.restart();
    const history = await checkoutHistory(a, checkout.id);
    assert.equal(history.status, 'paid', 'A, started again, sees it paid');
    assert.equal(history.events.filter((event) => event.status === 'paid').length, 1);
  });
});

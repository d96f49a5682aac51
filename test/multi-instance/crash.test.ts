/**
 * An instance killed (SIGKILL) in the middle of a push: its request to MTN reached the sandbox,
 * whose answer is held, and the process dies before the answer comes. The callback MTN sends
 * names the dead instance. The others still settle the checkout: they adopt the push by the
 * reference id stored before it was sent, ask MTN, and make it paid, once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkoutHistory, createCheckout, invoice, openEventStream, startCluster, threeInstances, type Cluster } from './cluster';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

const UGANDA_PHONE = '256772123456';

describe('three instances: one killed in the middle of a push', () => {
  let cluster: Cluster;
  let receiver: WebhookReceiver;
  before(async () => {
    receiver = await startWebhookReceiver();
    cluster = await startCluster({
      webhookUrl: receiver.url,
      // A push still unanswered after 500 ms is the dead instance's: the others adopt it.
      env: { RECONCILE_INTERVAL_MS: '50', RECONCILE_FIRST_POLL_MS: '100', RECONCILE_MAX_POLL_MS: '300', RECONCILE_PAY_IN_FLIGHT_MS: '500' },
    });
  });
  after(async () => {
    await cluster?.close();
    await receiver?.close();
  });

  test('the checkout converges on the others: paid after approval, once, one webhook', { timeout: 120_000 }, async () => {
    const [a, b] = threeInstances(cluster);
    // A's MTN token first (a create asks for it), so that the held call is the push itself.
    const warmUp = await createCheckout(a);
    assert.equal((await a.merchant(`/v1/checkouts/${warmUp.id}/cancel`, { method: 'POST' })).status, 200);

    const checkout = await createCheckout(a, invoice({ method: 'request-to-pay', amount: '25000' }));
    const stream = await openEventStream(b, checkout.token);
    await cluster.sandboxes.mtn('/control/calls', { method: 'DELETE' });
    const held = await cluster.sandboxes.mtn('/control/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ hangNext: { count: 1, ms: 600_000 } }) });
    assert.equal(held.status, 200);

    const since = cluster.sandboxes.logs.lines.length;
    const paying = a.element('/v1/session/pay', checkout.token, { method: 'POST', body: JSON.stringify({ phone: UGANDA_PHONE }) }).catch((err: unknown) => err);
    const created = await cluster.sandboxes.logs.waitFor((line) => line.msg === 'mtn-momo sandbox: requesttopay created', since, 'the push at MTN');
    assert.deepEqual(await a.kill('SIGKILL'), { code: null, signal: 'SIGKILL' });
    assert.ok((await paying) instanceof Error, 'A died before answering the payer');

    // The payer approves on the phone; MTN's callback goes to A, which is dead.
    const referenceId = String(created.referenceId);
    assert.equal((await cluster.sandboxes.mtn(`/control/requesttopay/${referenceId}/approve`, { method: 'POST' })).status, 200);

    await stream.untilStatus('paid');
    await stream.ended;
    const history = await checkoutHistory(b, checkout.id);
    assert.equal(history.status, 'paid');
    assert.equal(history.providerReference, referenceId, 'the push adopted by the reference id A stored');
    assert.equal(history.events.filter((event) => event.status === 'paid').length, 1, `paid once: ${JSON.stringify(history.events)}`);

    const creates = await cluster.sandboxes.calls({ kind: 'create' });
    assert.deepEqual(
      creates.map((call) => call.referenceId),
      [referenceId],
      'one push sent: no instance sent another',
    );

    const webhook = await receiver.waitFor((delivery) => delivery.subjectId === checkout.id && delivery.type === 'checkout.paid');
    assert.equal(receiver.deliveries.filter((delivery) => delivery.subjectId === checkout.id && delivery.type === 'checkout.paid').length, 1, 'one checkout.paid delivered');
    assert.equal(receiver.of(webhook.webhookId).length, 1, 'its one attempt received once');

    // A, started again on its port, finds it paid and changes nothing.
    await a.restart();
    const again = await checkoutHistory(a, checkout.id);
    assert.deepEqual(again.events, history.events);
  });
});

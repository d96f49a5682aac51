/**
 * At least once across a crash: the backend is SIGKILLed while a webhook's delivery hangs, and
 * sends the event again after a restart on the same data directory, under the same webhook-id.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { webhookLeaseMs } from '../../server-example/webhooks/worker';
import { type BackendProcess, startBackendProcess } from './fixtures/backend-process';
import { startWebhookReceiver } from './fixtures/webhook-receiver';
import { dataDirDatabase, openTestStore } from './helpers';

const WEBHOOK_TIMEOUT_MS = 60_000;
const dataDir = mkdtempSync(join(tmpdir(), 'momo-webhook-crash-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** The backend as a child process delivering to `receiverUrl`; `clockOffsetMs` moves its clock on. */
const startBackend = (receiverUrl: string, clockOffsetMs = 0): Promise<BackendProcess> =>
  startBackendProcess(
    dataDir,
    {
      MERCHANT_WEBHOOK_URL: receiverUrl,
      // Long enough that the delivery is still hanging when the process is killed.
      MERCHANT_WEBHOOK_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS),
      MERCHANT_WEBHOOK_RETRY_MS: '0,60000',
      LOG_LEVEL: 'info',
    },
    clockOffsetMs,
  );

test('a backend killed (SIGKILL) mid-delivery sends the event again after restart, with the same webhook-id', async () => {
  // Accepts the connection and reads the request, but never answers.
  const receiver = await startWebhookReceiver(() => 'hang');
  try {
    const first = await startBackend(receiver.url);
    const created = await first.merchant('/v1/checkouts', {
      body: { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: 'CRASH-1' },
      idempotencyKey: crypto.randomUUID(),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = (await created.json()) as { id: string };
    const approved = await fetch(`${first.url}/sandbox/checkouts/${id}/approve`, { method: 'POST' });
    assert.equal(approved.status, 202);

    const [hung] = await receiver.waitFor(1);
    await first.kill();

    receiver.answerWith(() => ({ status: 200 }));
    // The dead backend's lease on the event lapses first: the restart comes that much later, by its clock.
    const second = await startBackend(receiver.url, webhookLeaseMs(WEBHOOK_TIMEOUT_MS) + 1_000);
    const [, again] = await receiver.waitFor(2);
    assert.equal(again!.headers['webhook-id'], hung!.headers['webhook-id']);
    assert.equal(again!.body, hung!.body);
    // The dev secret was kept beside the database: the one from before the crash still verifies.
    const secret = readFileSync(join(dataDir, 'webhook-secret'), 'utf8');
    const body = new Webhook(secret).verify(again!.body, again!.headers) as { type: string; data: { id: string } };
    assert.deepEqual([body.type, body.data.id], ['checkout.paid', id]);

    // A clean stop waits for the delivery in flight to be recorded.
    second.child.kill('SIGTERM');
    const [code] = await once(second.child, 'exit');
    assert.equal(code, 0, second.stderr.join(''));
    const store = await openTestStore(dataDirDatabase(dataDir));
    const [event] = await store.listWebhookEvents({ subjectId: id, limit: 10 });
    await store.close();
    assert.equal(event?.state, 'delivered');
    assert.equal(event?.attempts, 1, 'the attempt cut short by the crash was never recorded');
    assert.equal(receiver.received.length, 2);
  } finally {
    await receiver.stop();
  }
});

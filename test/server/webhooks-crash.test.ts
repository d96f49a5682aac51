/**
 * At least once across a crash: the backend is SIGKILLed while a webhook's delivery hangs, and
 * sends the event again after a restart on the same data directory, under the same webhook-id.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { webhookLeaseMs } from '../../server-example/webhooks/worker';
import { startWebhookReceiver } from './fixtures/webhook-receiver';
import { dataDirDatabase, MERCHANT_KEY, openTestStore, testDatabaseEnv } from './helpers';

const WEBHOOK_TIMEOUT_MS = 60_000;
const dataDir = mkdtempSync(join(tmpdir(), 'momo-webhook-crash-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface Backend {
  child: ChildProcess;
  url: string;
  stderr: string[];
}

/** Starts the backend as a child process and resolves with its URL once it listens; `clockOffsetMs` moves its clock on. */
async function startBackend(receiverUrl: string, clockOffsetMs = 0): Promise<Backend> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/fixtures/webhook-backend.ts'], {
    env: {
      ...process.env,
      ...(await testDatabaseEnv(dataDir)),
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      MERCHANT_API_KEY: MERCHANT_KEY,
      MERCHANT_WEBHOOK_URL: receiverUrl,
      // Long enough that the delivery is still hanging when the process is killed.
      MERCHANT_WEBHOOK_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS),
      MERCHANT_WEBHOOK_RETRY_MS: '0,60000',
      LOG_LEVEL: 'info',
      CLOCK_OFFSET_MS: String(clockOffsetMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the backend exited (${code}) before listening:\n${stderr.join('')}`);
  });
  const ready = (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      if (line.startsWith('READY ')) return (JSON.parse(line.slice('READY '.length)) as { url: string }).url;
    }
    throw new Error('no READY line');
  })();
  const url = await Promise.race([ready, exited]);
  exited.catch(() => {});
  return { child, url, stderr };
}

const merchant = (backend: Backend, path: string, body?: unknown) =>
  fetch(`${backend.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${MERCHANT_KEY}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

test('a backend killed (SIGKILL) mid-delivery sends the event again after restart, with the same webhook-id', async () => {
  // Accepts the connection and reads the request, but never answers.
  const receiver = await startWebhookReceiver(() => 'hang');
  try {
    const first = await startBackend(receiver.url);
    const created = await merchant(first, '/v1/checkouts', { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: 'CRASH-1' });
    assert.equal(created.status, 201, await created.clone().text());
    const { id } = (await created.json()) as { id: string };
    const approved = await fetch(`${first.url}/sandbox/checkouts/${id}/approve`, { method: 'POST' });
    assert.equal(approved.status, 202);

    const [hung] = await receiver.waitFor(1);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

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

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import type { StatusUpdate } from '../../contract';
import { startServer, type RunningServer } from '../../server-example/server';
import type { Config } from '../../server-example/config';
import type { Clock } from '../../server-example/lifecycle/clock';
import { createMtnMomoAdapter, type MtnMomoOptions } from '../../server-example/providers/mtn-momo/adapter';

export const MERCHANT_KEY = 'sk_sandbox';

export interface TestServer extends RunningServer {
  /** Merchant API call with the merchant key. */
  merchant(path: string, init?: { method?: string; body?: unknown; idempotencyKey?: string }): Promise<Response>;
  /** Element API call with a checkout token. */
  element(path: string, token: string, headers?: Record<string, string>): Promise<Response>;
  sandbox(path: string, body?: unknown, method?: string): Promise<Response>;
}

/** How a test runs the backend: its clock, and whether the reconciler runs by itself or is driven (`reconciler.runOnce()`). */
export interface TestServerOptions {
  clock?: Clock;
  /** False: the reconciler does not run by itself; the test drives it a pass at a time. */
  reconcile?: boolean;
  /** Reuse a data directory (a restart after a crash); a fresh one by default, removed on close. */
  dataDir?: string;
  /** Where the backend's log lines go (at its configured level); none are written by default. */
  logDestination?: DestinationStream;
  /** True: in demo mode without MERCHANT_WEBHOOK_URL, webhooks go to /demo/webhooks; by default they stay in the outbox. */
  demoWebhooks?: boolean;
}

/** A real backend on a free port, with its own SQLite file and the MTN sandbox over real HTTP. */
export async function startTestServer(reconcile: Partial<Config['reconcile']> = {}, extra: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'momo-test-'));
  const server = await startServer({
    port: 0,
    dataDir,
    env,
    quiet: true,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.reconcile === false ? { reconcile: false } : {}),
    demoWebhooks: options.demoWebhooks ?? false,
    ...(options.logDestination ? { quiet: false, logDestination: options.logDestination } : {}),
    config: {
      merchantApiKey: MERCHANT_KEY,
      demoDir: join(dataDir, 'no-demo'),
      reconcile: { intervalMs: 50, firstPollDelayMs: 60_000, maxPollDelayMs: 60_000, expiryGraceMs: 0, ...reconcile },
      ...extra,
    },
  });
  // Requests go to the bound port; `server.url` is what tokens and callbacks name, which a test may point elsewhere.
  const base = `http://127.0.0.1:${server.config.port}`;
  const json = (body: unknown) => (body === undefined ? undefined : JSON.stringify(body));
  return {
    ...server,
    async close() {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    merchant(path, init = {}) {
      return fetch(`${base}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          Authorization: `Bearer ${MERCHANT_KEY}`,
          'Content-Type': 'application/json',
          ...(init.idempotencyKey ? { 'Idempotency-Key': init.idempotencyKey } : {}),
        },
        body: json(init.body),
      });
    },
    element(path, token, headers = {}) {
      return fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });
    },
    sandbox(path, body, method = 'POST') {
      return fetch(`${base}/sandbox${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: json(body) });
    },
  };
}

export const invoiceBody = (overrides: Record<string, unknown> = {}) => ({
  provider: 'mtn-momo',
  method: 'invoice',
  amount: '150000',
  currency: 'UGX',
  reference: `INV-${Math.random().toString(36).slice(2, 10)}`,
  description: 'Term 1 school fees',
  ...overrides,
});

export async function createCheckout(server: TestServer, overrides: Record<string, unknown> = {}) {
  const response = await server.merchant('/v1/checkouts', { body: invoiceBody(overrides), idempotencyKey: crypto.randomUUID() });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; token: string; status: string; expiresAt: string };
}

/** Reads `/v1/session/events` until `until` returns true for an update; resolves with all updates seen. */
export async function readStatusEvents(server: TestServer, token: string, until: (update: StatusUpdate) => boolean) {
  const response = await server.element('/v1/session/events', token);
  if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
  const updates: StatusUpdate[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data:'));
      if (!data || !block.includes('event: status')) continue;
      const update = JSON.parse(data.slice(5).trim()) as StatusUpdate;
      updates.push(update);
      if (until(update)) {
        await reader.cancel().catch(() => {});
        return updates;
      }
    }
  }
  return updates;
}

/** The MTN adapter as the backend builds it, pointed at a sandbox served by the test. */
export function testMtnAdapter(sandboxUrl: string, overrides: Partial<MtnMomoOptions> = {}) {
  return createMtnMomoAdapter({
    baseUrl: sandboxUrl,
    subscriptionKey: 'momo-sandbox-subscription-key',
    targetEnvironment: 'mtnuganda',
    currencies: ['UGX'],
    callbackHost: 'localhost',
    ussdTemplate: '*165*3*{ref}*1#',
    payeeMsisdn: '256772123456',
    sandbox: true,
    ...overrides,
  });
}

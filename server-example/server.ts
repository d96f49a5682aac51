import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { createCheckoutService } from './checkouts/service';
import { loadConfig, type Config } from './config';
import { createPayoutService } from './payouts/service';
import type { DestinationStream } from 'pino';
import { answerClientError } from './http/errors';
import { createLogger } from './logger';
import { createProviders } from './providers/registry';
import { createReconciler } from './reconciler';
import { createStatusBus } from './status-bus';
import { openSqliteStore } from './store/sqlite';
import { localNetworkIssuer, createCheckoutTokens } from './token';
import { systemClock, type Clock } from './lifecycle/clock';
import { createPayoutLifecycle } from './lifecycle/payouts';
import { createWebhookWorker } from './webhooks/worker';
import { effectiveWebhookConfig } from './routes/demo-webhooks';

export interface StartOptions {
  port?: number;
  /** A fresh directory gives a fresh database (tests). */
  dataDir?: string;
  sse?: boolean;
  reconcileIntervalMs?: number;
  /** Overrides on top of the environment's configuration; `reconcile` setting by setting. */
  config?: Partial<Omit<Config, 'reconcile'>> & { reconcile?: Partial<Config['reconcile']> };
  /** Variables on top of process.env: provider settings are read from it (tests). */
  env?: NodeJS.ProcessEnv;
  quiet?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
  /** The backend's time (tests drive it); the system clock by default. */
  clock?: Clock;
  /** False: the reconciler is not started, and a test drives it a pass at a time with `reconciler.runOnce()`. */
  reconcile?: boolean;
  /**
   * False: in demo mode without MERCHANT_WEBHOOK_URL, webhooks stay in the outbox instead of going
   * to the demo's own receiver at /demo/webhooks (tests that look at undelivered events).
   */
  demoWebhooks?: boolean;
}

export interface RunningServer {
  url: string;
  config: Config;
  /** One pass of the reconciler, for tests that drive it (with `reconcile: false`). */
  reconciler: { runOnce(): Promise<number> };
  /** The merchant-webhook worker, when webhooks have a receiver (MERCHANT_WEBHOOK_URL, or the demo's): a pass at a time for tests, or a pass soon. */
  webhooks?: { runOnce(): Promise<number>; wake(): void };
  close(): Promise<void>;
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<ServerType> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port, hostname: '0.0.0.0' }, () => resolve(server));
  });
}

/** Starts the backend, its sandboxes and the reconciler; resolves once it is listening. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  // A data directory given here holds everything, the database too: loadConfig derives the file from it.
  const env = { ...process.env, ...options.env, ...(options.dataDir ? { DATA_DIR: options.dataDir, DATABASE_FILE: undefined } : {}) };
  const base = loadConfig(env);
  const config: Config = {
    ...base,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.sse !== undefined ? { sse: options.sse } : {}),
    ...(options.quiet ? { logLevel: 'silent' } : {}),
    ...options.config,
    reconcile: { ...base.reconcile, ...options.config?.reconcile, ...(options.reconcileIntervalMs ? { intervalMs: options.reconcileIntervalMs } : {}) },
  };
  if (config.production && !config.publicBaseUrl) throw new Error('PUBLIC_BASE_URL must be set in production.');
  const log = createLogger(config.logLevel, options.logDestination);
  const clock = options.clock ?? systemClock;

  // The app needs its own URL (sandbox base, callbacks), known only once the port is bound.
  let handler: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  const server = await listen((request) => handler(request), config.port);
  server.on('clientError', answerClientError(log));
  const { port } = server.address() as AddressInfo;
  const localUrl = `http://127.0.0.1:${port}`;
  const publicUrl = config.publicBaseUrl ?? `http://localhost:${port}`;

  const store = openSqliteStore(config.databaseFile);
  // Without a configured public URL (never in production), tokens may name the local host or network address it was reached at.
  const tokens = createCheckoutTokens(config.tokenSecret, config.publicBaseUrl ? publicUrl : localNetworkIssuer(publicUrl), clock);
  const bus = createStatusBus();
  const { adapters, sandboxes } = createProviders({ env, production: config.production, urls: { local: localUrl, public: publicUrl }, log });
  // Set once the webhook worker exists: each commit that wrote a webhook wakes it.
  let wakeWebhooks: () => void = () => {};
  const onOutbox = () => wakeWebhooks();
  const service = createCheckoutService({
    store,
    providers: adapters,
    tokens,
    bus,
    log,
    clock,
    onOutbox,
    callbackBaseUrl: `${publicUrl}/v1/callbacks`,
    firstPollDelayMs: config.reconcile.firstPollDelayMs,
  });
  const payoutLifecycle = createPayoutLifecycle({ store, clock, log, onOutbox });
  const payouts = createPayoutService({ store, lifecycle: payoutLifecycle, clock, providers: adapters, log, firstPollDelayMs: config.reconcile.firstPollDelayMs });
  const app = createApp({ config, clock, store, service, payouts, providers: adapters, tokens, bus, log, sandboxes, wakeWebhooks: onOutbox });
  handler = app.fetch;
  const reconciler = createReconciler({ store, service, payouts, log, clock, ...config.reconcile });
  if (options.reconcile !== false) reconciler.start();
  // The demo's receiver is on our own port, known only now.
  const webhookConfig = options.demoWebhooks === false ? config.webhooks : effectiveWebhookConfig(config, localUrl, env);
  if (webhookConfig !== config.webhooks) log.info({ path: new URL(webhookConfig.url!).pathname, retryMs: webhookConfig.retryMs }, 'demo: no MERCHANT_WEBHOOK_URL, webhooks go to the demo receiver');
  const webhooks = webhookConfig.url ? createWebhookWorker({ store, clock, config: webhookConfig, log }) : undefined;
  if (webhooks) {
    wakeWebhooks = webhooks.wake;
    webhooks.start();
  }
  log.info({ url: publicUrl, sandboxes: [...sandboxes.keys()], database: config.databaseFile }, 'momo-checkout backend listening');

  return {
    url: publicUrl,
    config: { ...config, port, webhooks: webhookConfig },
    reconciler,
    ...(webhooks ? { webhooks: { runOnce: webhooks.runOnce, wake: webhooks.wake } } : {}),
    async close() {
      await reconciler.stop();
      await webhooks?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open SSE streams would hold close() forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await store.close();
    },
  };
}

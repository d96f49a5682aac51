import { serve, type ServerType } from '@hono/node-server';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { createCheckoutService } from './checkouts/service';
import { loadConfig, type Config } from './config';
import { createPayoutService } from './payouts/service';
import type { DestinationStream } from 'pino';
import { closeAllConnections } from './http/close-connections';
import { answerClientError } from './http/errors';
import { createLogger } from './logger';
import { createBackendProviders } from './sandboxes/in-backend';
import { createReconciler } from './reconciler';
import { openStore } from './store/open';
import { createCallSlots } from './rate-limiter';
import { localNetworkIssuer, createCheckoutTokens } from './token';
import { systemClock, type Clock } from './lifecycle/clock';
import { createPayoutLifecycle } from './lifecycle/payouts';
import { createWebhookWorker } from './webhooks/worker';
import { effectiveWebhookConfig } from './routes/demo-webhooks';
import { allWatchers, createDrain, DRAIN_WITHIN_MS } from './drain';
import { createMetrics } from './metrics';
import { watchProviderCalls, type ProviderCallWatcher } from './providers/call-watch';
import { openStatusFanOut } from './status-fan-out';

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

/** `env` is @hono/node-server's (the socket, for the peer's address). */
type FetchHandler = (request: Request, env: unknown) => Response | Promise<Response>;

function listen(fetch: FetchHandler, port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
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

  // The database first: a backend that cannot reach it never takes the port.
  const store = await openStore({ databaseUrl: config.databaseUrl, databaseFile: config.databaseFile, poolSize: config.databasePoolSize });
  // Across instances on PostgreSQL (LISTEN/NOTIFY, the streams catching up on what it missed), in-process on SQLite.
  const { bus, streams } = await openStatusFanOut({ databaseUrl: config.databaseUrl, store, log }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });

  // The app needs its own URL (sandbox base, callbacks), known only once the port is bound.
  let handler: FetchHandler = () => new Response('starting', { status: 503 });
  // This instance's metrics and shutdown see the provider calls its requests and reconciler make.
  const drain = createDrain();
  let watcher: ProviderCallWatcher = drain.providerCalls;
  const server = await listen((request, env) => watchProviderCalls(watcher, () => handler(request, env)), config.port, config.host ?? '0.0.0.0');
  server.on('clientError', answerClientError(log));
  drain.track(server as HttpServer);
  const { port } = server.address() as AddressInfo;
  const localUrl = `http://127.0.0.1:${port}`;
  const publicUrl = config.publicBaseUrl ?? `http://localhost:${port}`;

  // Without a configured public URL (never in production), tokens may name the local host or network address it was reached at.
  const tokens = createCheckoutTokens(config.tokenSecret, config.publicBaseUrl ? publicUrl : localNetworkIssuer(publicUrl), clock);
  // Provider rate limits: in PostgreSQL, shared by every instance; in memory on SQLite.
  const callSlots = createCallSlots({ databaseUrl: config.databaseUrl, log });
  const providers = (() => {
    try {
      return createBackendProviders({
        env,
        production: config.production,
        demo: config.demo,
        urls: { local: localUrl, public: publicUrl },
        log,
        callSlots,
        // Parsed once, with every other variable, by the config schema.
        settings: config.providerSettings,
        ...(config.sandboxUrl ? { sandboxUrl: config.sandboxUrl } : {}),
      });
    } catch (err) {
      // A provider refused its settings (a ConfigError): nothing stays open behind the error.
      server.close();
      void Promise.all([callSlots.close(), bus.close()]).then(() => store.close());
      throw err;
    }
  })();
  const { adapters, sandboxes, sandboxUrl } = providers;
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
  const metrics = createMetrics({ store, clock, openStreams: () => streams.size });
  watcher = allWatchers(metrics.providerCalls, drain.providerCalls);
  const app = createApp({
    config,
    clock,
    store,
    service,
    payouts,
    providers: adapters,
    tokens,
    bus,
    streams,
    log,
    sandboxes,
    wakeWebhooks: onOutbox,
    metrics,
    drain,
    metricsToken: config.metricsToken,
  });
  handler = app.fetch;
  const reconciler = createReconciler({ store, service, payouts, log, clock, ...config.reconcile });
  // Its passes, timer after timer, stay this instance's work.
  if (options.reconcile !== false) watchProviderCalls(watcher, () => reconciler.start());
  // The demo's receiver is on our own port, known only now.
  const webhookConfig = options.demoWebhooks === false ? config.webhooks : effectiveWebhookConfig(config, localUrl, env);
  if (webhookConfig !== config.webhooks) log.info({ path: new URL(webhookConfig.url!).pathname, retryMs: webhookConfig.retryMs }, 'demo: no MERCHANT_WEBHOOK_URL, webhooks go to the demo receiver');
  const webhooks = webhookConfig.url ? createWebhookWorker({ store, clock, config: webhookConfig, log }) : undefined;
  if (webhooks) {
    wakeWebhooks = webhooks.wake;
    webhooks.start();
  }
  log.info({ url: publicUrl, sandboxes: sandboxUrl ?? [...sandboxes.keys()], database: config.databaseUrl ? 'postgresql' : config.databaseFile }, 'momo-checkout backend listening');

  return {
    url: publicUrl,
    config: { ...config, port, webhooks: webhookConfig },
    reconciler: { runOnce: () => watchProviderCalls(watcher, () => reconciler.runOnce()) },
    ...(webhooks ? { webhooks: { runOnce: webhooks.runOnce, wake: webhooks.wake } } : {}),
    /**
     * Graceful: /readyz turns 503 and no new connection is accepted; open event streams are told
     * to reconnect (the element lands on another instance); requests and provider calls in hand
     * finish (within DRAIN_WITHIN_MS), as does the item the reconciler and the webhook worker are
     * on; then the bus and the store close.
     */
    async close() {
      drain.begin();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      streams.closeAll();
      const [idle] = await Promise.all([drain.settled(), reconciler.stop(), webhooks?.stop()]);
      if (!idle) log.warn({ withinMs: DRAIN_WITHIN_MS }, 'shutdown: requests or provider calls still in hand, closing anyway');
      // Keep-alive connections idle now, and whatever outlived the wait.
      closeAllConnections(server);
      await closed;
      await bus.close();
      await callSlots.close();
      await store.close();
    },
  };
}

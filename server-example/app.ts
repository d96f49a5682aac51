import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Logger } from 'pino';
import type { CheckoutService } from './checkouts/service';
import { createDrain, type Drain } from './drain';
import type { Config } from './config';
import { bufferedBody } from './http/body';
import { createErrorHandler, errorBody, notFound } from './http/errors';
import { requestOrigin } from './http/request-origin';
import { requestIds } from './http/request-id';
import { createMetrics, type Metrics } from './metrics';
import type { PayoutService } from './payouts/service';
import type { ProviderAdapter } from './providers/types';
import { settleWindowMs } from './reconciler';
import { callbackRoutes } from './routes/callbacks';
import { demoRoutes } from './routes/demo';
import { favicon } from './routes/favicon';
import { openApiDocument } from './openapi/document';
import { createPaymentLinks, withoutLinkKey } from './payment-links/capability';
import { paymentLinkRoutes } from './payment-links/routes';
import { merchantRoutes } from './routes/merchant';
import { operationsRoutes } from './routes/operations';
import { opsRoutes } from './routes/ops';
import { payoutRoutes } from './routes/payouts';
import { eventRoutes } from './routes/events';
import { sandboxRoutes } from './routes/sandbox';
import { sessionRoutes } from './routes/session';
import type { StatusBus } from './status-bus';
import { createStreamRegistry, type StreamRegistry } from './streams';
import type { Clock } from './lifecycle/clock';
import type { Store } from './store/types';
import type { CheckoutTokens } from './token';

export interface AppDeps {
  config: Config;
  clock: Clock;
  store: Store;
  service: CheckoutService;
  payouts: PayoutService;
  providers: ReadonlyMap<string, ProviderAdapter>;
  tokens: CheckoutTokens;
  bus: StatusBus;
  /** This instance's open event streams (told to reconnect at shutdown); its own when not given. */
  streams?: StreamRegistry;
  log: Logger;
  /** Provider sandboxes to mount at /sandbox/{provider}. */
  sandboxes: ReadonlyMap<string, Hono>;
  /** Sends a resent webhook at once (the webhook worker's `wake`). */
  wakeWebhooks?(): void;
  /** This instance's metrics (`GET /metrics`); its own when not given. */
  metrics?: Metrics;
  /** What a shutdown waits for, and whether one began (`GET /readyz`); its own when not given. */
  drain?: Drain;
  /** `METRICS_TOKEN`: the bearer token /metrics asks for. */
  metricsToken?: string;
}

const MAX_BODY_BYTES = 64 * 1024;

/** The element polls its status every few seconds per open checkout: at info, its lines would be most of the log and cost most of the poll. */
const HOT_PATHS = new Set(['/v1/session/status']);

/** Logs each request and counts it in the metrics, timed once for both. */
function requestLog(log: Logger, metrics: Metrics) {
  return async function logRequest(c: Parameters<Parameters<Hono['use']>[1]>[0], next: () => Promise<void>) {
    const started = performance.now();
    await next();
    metrics.requestAnswered(c, (performance.now() - started) / 1_000);
    const { status } = c.res;
    const level = status < 400 && HOT_PATHS.has(c.req.path) ? 'debug' : 'info';
    if (!log.isLevelEnabled(level)) return;
    // Paths only: no query strings, bodies or headers reach the log.
    // A payment link's key is a capability to pay: its checkout id is logged, the key never.
    log[level]({ method: c.req.method, path: withoutLinkKey(c.req.path), status, ms: Math.round(performance.now() - started) }, 'request');
  };
}

/** Reads request bodies whole where a method has one: a GET's would only cost its Request object. */
function bodiesExceptReads(buffer: MiddlewareHandler): MiddlewareHandler {
  return function bufferUnlessRead(c, next) {
    return c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : buffer(c, next);
  };
}

/** The reference backend's HTTP surface (docs/architecture.md, "HTTP contract"). */
export function createApp(deps: AppDeps) {
  const { config, clock, store, service, payouts, providers, tokens, bus, log } = deps;
  const metrics = deps.metrics ?? createMetrics({ store, clock });
  const drain = deps.drain ?? createDrain();
  const app = new Hono();
  app.onError(createErrorHandler(log));
  app.notFound(notFound);
  // The request id first: every later middleware's log lines carry it.
  app.use('*', requestIds(), requestLog(log, metrics));
  app.use('/v1/*', bodiesExceptReads(bufferedBody({ maxBytes: MAX_BODY_BYTES, log, onTooLarge: (c) => c.json(errorBody('PAYLOAD_TOO_LARGE', 'The request body is larger than 64 KB.'), 413) })));

  app.route('/', opsRoutes({ store, log, draining: () => drain.draining, hearsOthers: () => bus.connected, metrics, demo: config.demo, metricsToken: deps.metricsToken }));
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/favicon.ico', favicon);
  // Outside production with no public URL, a token names the host the merchant reached us at
  // (127.0.0.1, a LAN address), so the element talks back to where it was created from.
  const issuerFor = (c: Context) => (config.production || config.publicBaseUrl ? undefined : requestOrigin(c));
  // Hosted payment pages: a link's base is where its page's token will send the element, as issuerFor decides.
  const links = createPaymentLinks(config.tokenSecret);
  // Before the merchant routes: GET /v1/checkouts lists; /v1/checkouts/{id} stays theirs.
  app.route('/v1/checkouts', operationsRoutes({ store, service, apiKey: config.merchantApiKey }));
  app.route('/v1/checkouts', merchantRoutes({ store, clock, service, providers, apiKey: config.merchantApiKey, tokens, issuerFor, links, merchantName: config.merchantName }));
  // Each merchant sub-app under its own prefix, so its auth middleware covers nothing else.
  app.route('/v1/payouts', payoutRoutes({ store, clock, payouts, apiKey: config.merchantApiKey }));
  app.route('/v1/events', eventRoutes({ store, clock, apiKey: config.merchantApiKey, wake: () => deps.wakeWebhooks?.() }));
  app.route(
    '/v1/session',
    sessionRoutes({
      log,
      clock,
      store,
      service,
      providers,
      tokens,
      bus,
      streams: deps.streams ?? createStreamRegistry(),
      merchantName: config.merchantName,
      sse: config.sse,
      settleWindowMs: settleWindowMs(config.reconcile),
    }),
  );
  app.route('/v1/callbacks', callbackRoutes({ store, service, providers, log }));
  app.route('/pay', paymentLinkRoutes({ store, clock, tokens, providers, links, merchantName: config.merchantName, log, issuerFor, service }));

  for (const [id, sandbox] of deps.sandboxes) app.route(`/sandbox/${id}`, sandbox);
  if (config.demo) {
    app.route('/sandbox/checkouts', sandboxRoutes({ store, service, origins: config.demoOrigins }));
    app.route(
      '/demo',
      demoRoutes({
        providers,
        webhookSecret: config.webhooks.secret,
        clock,
        log,
        origins: config.demoOrigins,
        merchantApi: (path, init) => Promise.resolve(app.request(path, { ...init, headers: { ...init.headers, Authorization: `Bearer ${config.merchantApiKey}` } })),
      }),
    );
    if (existsSync(config.demoDir)) {
      // The script-tag build (dist/lib, built with dist/demo), same-origin for /csp.html, served under a strict policy.
      app.use('/lib/*', serveStatic({ root: relative(process.cwd(), dirname(config.demoDir)) }));
      // The same script (and its source map) where the README's script tag loads it.
      for (const file of ['/momo-checkout.iife.js', '/momo-checkout.iife.js.map']) {
        app.use(file, serveStatic({ root: relative(process.cwd(), dirname(config.demoDir)), rewriteRequestPath: (path) => `/lib${path}` }));
      }
      app.use('/csp.html', async function strictCsp(c, next) {
        await next();
        c.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'");
      });
      app.use('/*', serveStatic({ root: relative(process.cwd(), config.demoDir) }));
    }
  }
  return app;
}

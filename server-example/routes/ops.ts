import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { errorBody } from '../http/errors';
import type { Metrics } from '../metrics';
import type { Store } from '../store/types';

export interface OpsRoutesDeps {
  store: Partial<Pick<Store, 'checkReady'>>;
  log: Logger;
  /** True once a shutdown began: not ready, so the load balancer sends nothing new. */
  draining(): boolean;
  /** Whether status changes made on other instances reach this one (the status bus is connected). */
  hearsOthers?(): boolean;
  metrics: Metrics;
  /** The demo answers /metrics to anyone: it runs on a developer's machine. */
  demo: boolean;
  /** `METRICS_TOKEN`: when set, /metrics takes it as a bearer token, and nothing else. */
  metricsToken?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Headers a reverse proxy adds: a request that crossed one is not local, whatever its socket says. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Straight from this machine, not through a proxy on it. */
function fromLoopback(c: Context): boolean {
  if (FORWARDING_HEADERS.some((name) => c.req.header(name) !== undefined)) return false;
  try {
    return LOOPBACK.has(getConnInfo(c).remote.address ?? '');
  } catch {
    // No socket (app.request() in-process): not a network peer we can vouch for.
    return false;
  }
}

/**
 * Who may read /metrics. With METRICS_TOKEN set: whoever sends it as a bearer token. Without it:
 * anyone in demo mode; otherwise only a scraper on this machine, reaching the port directly
 * (no forwarding headers), so a public load balancer in front never exposes the numbers.
 */
function metricsAccess({ demo, metricsToken }: Pick<OpsRoutesDeps, 'demo' | 'metricsToken'>): MiddlewareHandler {
  return async function allowScraper(c, next) {
    if (metricsToken) {
      const sent = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (!sent) return c.json(errorBody('METRICS_TOKEN_MISSING', 'Send METRICS_TOKEN as "Authorization: Bearer <token>".'), 401);
      if (!sameSecret(sent, metricsToken)) return c.json(errorBody('METRICS_TOKEN_INVALID', 'The metrics token is not valid.'), 401);
      return next();
    }
    if (demo || fromLoopback(c)) return next();
    return c.json(errorBody('METRICS_FORBIDDEN', 'Metrics are served only to this machine; set METRICS_TOKEN to scrape from elsewhere.'), 403);
  };
}

/** `GET /healthz` (the process answers), `GET /readyz` (it can serve: database up to date, not draining), `GET /metrics`. */
export function opsRoutes({ store, log, draining, hearsOthers = () => true, metrics, demo, metricsToken }: OpsRoutesDeps) {
  const app = new Hono();
  let ready = true;

  app.get('/healthz', (c) => c.json({ ok: true }));

  app.get('/readyz', async (c) => {
    if (draining()) return c.json(errorBody('SHUTTING_DOWN', 'This instance is shutting down.'), 503);
    try {
      await store.checkReady?.();
    } catch (err) {
      // Said once per outage, not on every probe; the answer names no host, user or database.
      if (ready) log.warn({ err }, 'not ready: database unreachable or migrations not applied');
      ready = false;
      return c.json(errorBody('DATABASE_NOT_READY', 'The database is unreachable or its migrations are not applied.'), 503);
    }
    // Its streams would miss what other instances change until the LISTEN connection is back (within seconds).
    if (!hearsOthers()) return c.json(errorBody('FANOUT_UNAVAILABLE', "This instance cannot hear other instances' status changes right now."), 503);
    if (!ready) log.info('ready again');
    ready = true;
    return c.json({ ok: true });
  });

  app.get('/metrics', metricsAccess({ demo, metricsToken }), async (c) => {
    return c.body(await metrics.render(), 200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
  });

  return app;
}

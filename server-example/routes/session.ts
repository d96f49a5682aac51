import { Hono } from 'hono';
import type { Logger } from 'pino';
import { isFinalStatus } from '../../contract';
import type { CheckoutService } from '../checkouts/service';
import { payByPush } from '../checkouts/push-pay';
import { readJson } from '../http/body';
import type { ProviderAdapter } from '../providers/types';
import { PayBody } from '../checkouts/schema';
import { checkoutCountry } from '../phones/checkout-country';
import { statusEtag, toSession, toStatusUpdate } from '../checkouts/views';
import { readLocaleParameter, sessionLocaleCandidates, withTranslation } from '../checkouts/session-locale';
import { checkoutTokenAuth, type CheckoutTokenEnv } from '../http/auth';
import { openCors } from '../http/cors';
import { ApiError, errorBody } from '../http/errors';
import { openEventStream } from '../event-stream';
import type { StatusBus } from '../status-bus';
import { followCheckout } from '../status-stream';
import type { StreamRegistry } from '../streams';
import type { Clock } from '../lifecycle/clock';
import type { CheckoutRecord, Store } from '../store/types';
import type { CheckoutTokens } from '../token';

export interface SessionRoutesDeps {
  log: Logger;
  clock: Clock;
  store: Store;
  service: CheckoutService;
  providers: ReadonlyMap<string, ProviderAdapter>;
  tokens: CheckoutTokens;
  bus: StatusBus;
  /** This server's open event streams: one heartbeat for all, and told to reconnect at shutdown. */
  streams: StreamRegistry;
  merchantName: string;
  sse: boolean;
  /**
   * How long past the checkout's expiry (its token's `exp`) the backend may still settle it:
   * reads take the token that much longer, and an event stream stays open as long.
   */
  settleWindowMs: number;
}

/** `If-None-Match` may list several tags, or weak ones (`W/"…"`, as proxies that compress make them). */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim().replace(/^W\//, '');
    return value === '*' || value === etag;
  });
}

/** A valid token for a checkout this backend does not hold: answered as any token that reads nothing. */
const unknownCheckout = () => new ApiError(401, 'TOKEN_INVALID', 'The checkout token is not valid for this checkout service.');

/** The element's routes, called from the payer's browser with the checkout token. */
export function sessionRoutes({ log, clock, store, service, providers, tokens, bus, streams, merchantName, sse, settleWindowMs }: SessionRoutesDeps) {
  const app = new Hono<CheckoutTokenEnv>();
  // 7200 s: Chromium's cap. Polls reuse the preflight's answer that long (they keep the default cache mode).
  app.use('*', openCors({ allowHeaders: ['Authorization', 'If-None-Match', 'Content-Type'], exposeHeaders: ['ETag'], maxAge: 7200 }));
  // Before the token check, so its 401s carry it too. Set before the handler: a header added to a
  // finished response makes Hono rebuild it, its body as a stream.
  app.use('*', async function noStore(c, next) {
    c.header('Cache-Control', 'no-store');
    await next();
  });
  // What an expired token's reads still learn: the status the lifecycle settled, once it is final.
  async function finalStatusOf(checkoutId: string) {
    const checkout = await store.getCheckout(checkoutId);
    return checkout && isFinalStatus(checkout.status) ? toStatusUpdate(checkout) : undefined;
  }
  app.use('*', checkoutTokenAuth({ tokens, readsAfterExpiryMs: settleWindowMs, finalStatusOf }));

  async function current(checkoutId: string) {
    const checkout = await store.getCheckout(checkoutId);
    if (!checkout) throw unknownCheckout();
    return checkout;
  }

  const streamDeps = { clock, bus, streams, service, read: (checkoutId: string) => store.getCheckout(checkoutId) };

  app.get('/', async (c) => {
    const requested = readLocaleParameter(c.req.query('locale'));
    const checkout = await current(c.get('checkoutId'));
    const candidates = sessionLocaleCandidates({ requested, checkout: checkout.locale, acceptLanguage: c.req.header('accept-language') });
    // The texts follow the browser's languages: a cache must not hand them to another payer.
    c.header('Vary', 'Accept-Language', { append: true });
    return c.json(withTranslation(toSession(checkout, merchantName, checkoutCountry(providers, checkout)), candidates));
  });

  app.get('/status', async (c) => {
    const checkoutId = c.get('checkoutId');
    const ifNoneMatch = c.req.header('if-none-match');
    // The element's poll. The answer changes only with the version (statusEtag): while the poll's
    // ETag still names it, a 304 needs no read of the row. Any other case reads it and answers 200.
    if (ifNoneMatch) {
      const version = await store.checkoutVersion(checkoutId);
      const etag = version === undefined ? undefined : statusEtag({ id: checkoutId, version });
      if (etag && etagMatches(ifNoneMatch, etag)) {
        c.header('ETag', etag);
        return c.body(null, 304);
      }
    }
    // Only what the answer shows (Store.checkoutStatus), not the whole row.
    const checkout = await store.checkoutStatus(checkoutId);
    if (!checkout) throw unknownCheckout();
    c.header('ETag', statusEtag(checkout));
    return c.json(toStatusUpdate(checkout));
  });

  app.post('/pay', async (c) => {
    const checkout = await current(c.get('checkoutId'));
    const { data } = await readJson(c, PayBody);
    const outcome = await payByPush({ service, providers, log, current }, checkout, data.phone, data.fee);
    if (outcome.sent) return c.json(outcome.status, 202);
    // A refusal that carries the status (no answer, a request already live): the element reads its `sent`.
    if (outcome.status) return c.json({ ...errorBody(outcome.code, outcome.message), status: outcome.status }, outcome.httpStatus);
    throw new ApiError(outcome.httpStatus, outcome.code, outcome.message);
  });

  app.get('/events', async (c) => {
    if (!sse) throw new ApiError(503, 'SSE_UNAVAILABLE', 'Live updates are off on this server; poll /v1/session/status.');
    if (streams.closing) throw new ApiError(503, 'SSE_UNAVAILABLE', 'This server is shutting down; poll /v1/session/status.');
    const checkoutId = c.get('checkoutId');
    // A change told while the first read is out would be missed: listen from before it.
    let changedMeanwhile = false;
    const unsubscribe = bus.subscribe(checkoutId, () => (changedMeanwhile = true));
    let checkout: CheckoutRecord;
    try {
      // An unknown checkout is a 401 before any stream opens.
      checkout = await current(checkoutId);
    } finally {
      unsubscribe();
    }
    // When the token stops reading, the stream ends too; the element's next request learns why.
    const closesAt = c.get('tokenExpiresAt').getTime() + settleWindowMs;
    const { sink, answer } = openEventStream(c);
    const stream = followCheckout(checkout, sink, closesAt, streamDeps);
    if (changedMeanwhile) stream.refresh();
    return answer;
  });

  return app;
}

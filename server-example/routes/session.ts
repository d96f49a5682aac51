import { Hono } from 'hono';
import type { Logger } from 'pino';
import { isFinalStatus } from '../../contract';
import { PUSH_LIVE, type CheckoutService } from '../checkouts/service';
import { answerWithin } from '../http/answer-within';
import { readJson } from '../http/body';
import { FeeChangedError, ProviderError, type ProviderAdapter } from '../providers/types';
import { PayBody } from '../checkouts/schema';
import { checkoutCountry, checkoutPhoneRule } from '../phones/checkout-country';
import { readPhone } from '../phones/read';
import { statusEtag, toSession, toStatusUpdate } from '../checkouts/views';
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

/** Well within the element's request timeout. */
const PAY_ANSWER_WITHIN_MS = 3_000;

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
  app.use('*', openCors({ allowHeaders: ['Authorization', 'If-None-Match', 'Content-Type'], exposeHeaders: ['ETag'], maxAge: 600 }));
  // What an expired token's reads still learn: the status the lifecycle settled, once it is final.
  async function finalStatusOf(checkoutId: string) {
    const checkout = await store.getCheckout(checkoutId);
    return checkout && isFinalStatus(checkout.status) ? toStatusUpdate(checkout) : undefined;
  }
  app.use('*', checkoutTokenAuth({ tokens, readsAfterExpiryMs: settleWindowMs, finalStatusOf }));
  // Set before the handler: a header added to a finished response makes Hono rebuild it, its body as a stream.
  app.use('*', async function noStore(c, next) {
    c.header('Cache-Control', 'no-store');
    await next();
  });

  async function current(checkoutId: string) {
    const checkout = await store.getCheckout(checkoutId);
    if (!checkout) throw unknownCheckout();
    return checkout;
  }

  const streamDeps = { clock, bus, streams, service, read: (checkoutId: string) => store.getCheckout(checkoutId) };

  app.get('/', async (c) => {
    const checkout = await current(c.get('checkoutId'));
    return c.json(toSession(checkout, merchantName, checkoutCountry(providers, checkout)));
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
    if (isFinalStatus(checkout.status)) throw new ApiError(409, 'CHECKOUT_FINAL', `This checkout is already ${checkout.status}.`);
    const phone = checkoutPhoneRule(providers, checkout);
    if (!phone) throw new ApiError(409, 'PAY_NOT_SUPPORTED', `A ${checkout.method} checkout is paid with the instructions shown; there is nothing to push to a phone.`);
    // Any form people write (0772 123 456, +256 772 123 456, …), read in the checkout's country.
    const reading = readPhone(data.phone, phone);
    if (!reading.ok) throw new ApiError(400, 'INVALID_PHONE', reading.message);
    const digits = reading.digits;
    // Some providers answer a push only once the payer acts (Multicaixa Express). Answer the
    // browser within a few seconds either way; the outcome follows on the status stream.
    const paying = service.pay(checkout, digits, data.fee);
    let waited: { updated: CheckoutRecord } | undefined;
    try {
      waited = await answerWithin(
        paying.then((updated) => ({ updated })),
        PAY_ANSWER_WITHIN_MS,
        undefined,
      );
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      // Both carry the status as it stands: its `sent` says whether a request may be on the phone.
      const withStatus = async (status: 502 | 409, code: string, message: string) => c.json({ ...errorBody(code, message), status: toStatusUpdate(await current(checkout.id)) }, status);
      // Not the number's fault: the element shows a network notice, not a field error.
      if (err.kind === 'unavailable') {
        const message = err.notSent ? 'The mobile money provider failed and sent nothing; please try again.' : 'The mobile money provider did not answer; your phone may still ring.';
        return withStatus(502, 'PROVIDER_UNAVAILABLE', message);
      }
      if (err.providerCode === PUSH_LIVE) return withStatus(409, PUSH_LIVE, err.message);
      // FEE_CHANGED: nothing was sent; the session now shows the fee the payer agrees to by sending again.
      const conflict = err.providerCode === 'CHECKOUT_FINAL' || err instanceof FeeChangedError;
      throw new ApiError(conflict ? 409 : 422, err.providerCode, err.message);
    }
    if (!waited) {
      paying.catch((err: unknown) => log.warn({ checkoutId: checkout.id, err: (err as Error).message }, 'push failed after answering'));
      return c.json(toStatusUpdate(await current(checkout.id)), 202);
    }
    return c.json(toStatusUpdate(waited.updated), 202);
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

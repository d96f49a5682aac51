import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import { isFinalStatus } from '../../contract';
import type { CheckoutService } from '../checkouts/service';
import { answerWithin } from '../http/answer-within';
import { ApiError } from '../http/errors';
import { ProviderError, type ProviderAdapter } from '../providers/types';
import type { Store } from '../store/types';

export interface CallbackRoutesDeps {
  store: Store;
  service: CheckoutService;
  providers: ReadonlyMap<string, ProviderAdapter>;
  log: Logger;
}

/**
 * How long a callback waits for the provider to confirm it before answering. Providers give up on
 * slow answers (MoMo VN: 204 within 15 s) while a status query may take up to its 30 s timeout.
 */
export const CONFIRM_WITHIN_MS = 5_000;

/** The answer each provider expects (MoMo VN: 204 No Content). */
function acknowledge(c: Context, adapter: ProviderAdapter) {
  return adapter.callbackStatus === 204 ? c.body(null, 204) : c.json({ received: true });
}

/**
 * Provider → backend notifications. A callback is never trusted alone: it names a payment,
 * and the provider's status endpoint says what happened to it.
 */
export function callbackRoutes({ store, service, providers, log }: CallbackRoutesDeps) {
  const app = new Hono();

  app.on(['POST', 'PUT'], '/:provider', async (c) => {
    const adapter = providers.get(c.req.param('provider'));
    if (!adapter) throw new ApiError(404, 'UNKNOWN_PROVIDER', `No provider "${c.req.param('provider')}".`);
    const rawBody = await c.req.text();
    let reference: string;
    try {
      reference = adapter.callbackReference({ rawBody, headers: c.req.raw.headers, query: new URL(c.req.url).searchParams });
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      log.warn({ provider: adapter.id, code: err.providerCode }, 'callback refused');
      throw new ApiError(400, err.providerCode, err.message);
    }
    const checkout = await store.findByProviderReference(adapter.id, reference);
    if (!checkout) {
      log.warn({ provider: adapter.id, reference }, 'callback for an unknown payment');
      throw new ApiError(404, 'CHECKOUT_NOT_FOUND', 'No checkout for this payment.');
    }
    // Already final: nothing a callback says can change it, so spare the provider a status call;
    // unless it is paid and its receipt may still come (Mom Factura's invoice.created carries it), or
    // its outcome was unknown: a late "paid" must reach the error log for whoever reconciles it.
    const settled = isFinalStatus(checkout.status) && !service.awaitsReceipt(checkout) && checkout.reason !== 'outcome_unknown';
    if (settled) return acknowledge(c, adapter);
    const confirming = service.confirm(checkout, 'callback').then(
      () => 'confirmed' as const,
      (err: unknown) => {
        log.warn({ checkoutId: checkout.id, err: (err as Error).message }, 'callback confirmation failed');
        return 'failed' as const;
      },
    );
    const outcome = await answerWithin(confirming, CONFIRM_WITHIN_MS, 'late' as const);
    if (outcome !== 'confirmed') {
      // The provider could not confirm, or not in time (its answer still applies when it comes): the
      // reconciler asks at once rather than lose the news, and the provider has its answer before it gives up.
      if (outcome === 'late') log.warn({ checkoutId: checkout.id, waitedMs: CONFIRM_WITHIN_MS }, 'callback not confirmed in time; polling');
      await service.pollNow(checkout);
    }
    return acknowledge(c, adapter);
  });

  return app;
}

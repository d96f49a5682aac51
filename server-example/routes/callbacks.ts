import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import { isFinalStatus } from '../../src/core/types';
import type { CheckoutService } from '../checkouts/service';
import { ApiError } from '../http/errors';
import { ProviderError, type ProviderAdapter } from '../providers/types';
import type { Store } from '../store/types';

export interface CallbackRoutesDeps {
  store: Store;
  service: CheckoutService;
  providers: ReadonlyMap<string, ProviderAdapter>;
  log: Logger;
}

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
    // Already final: nothing a callback says can change it, so spare the provider a status call.
    if (isFinalStatus(checkout.status)) return acknowledge(c, adapter);
    try {
      await service.confirm(checkout, 'callback');
    } catch (err) {
      // The provider could not confirm right now: poll it at once rather than lose the news.
      log.warn({ checkoutId: checkout.id, err: (err as Error).message }, 'callback confirmation failed; polling');
      await store.schedulePoll(checkout.id, new Date().toISOString(), checkout.pollAttempts);
    }
    return acknowledge(c, adapter);
  });

  return app;
}

import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import { createCallbackConfirmations } from '../checkouts/confirmations';
import type { CheckoutService } from '../checkouts/service';
import { answerWithin } from '../http/answer-within';
import { readText } from '../http/body';
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
 * and the provider's status endpoint says what happened to it. Whatever payment it names, known
 * or not, it gets the provider's usual acknowledgement: the answer tells nobody what exists.
 */
export function callbackRoutes({ store, service, providers, log }: CallbackRoutesDeps) {
  const app = new Hono();
  const confirmations = createCallbackConfirmations({ store, service, isSettled: (checkout) => service.lifecycle.isSettled(checkout), log, pollIfLateMs: CONFIRM_WITHIN_MS });

  app.on(['POST', 'PUT'], '/:provider', async (c) => {
    const adapter = providers.get(c.req.param('provider'));
    if (!adapter) throw new ApiError(404, 'UNKNOWN_PROVIDER', `No provider "${c.req.param('provider')}".`);
    const rawBody = await readText(c);
    let reference: string;
    try {
      reference = adapter.callbackReference({ rawBody, headers: c.req.raw.headers, query: new URL(c.req.url).searchParams });
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      // Malformed or badly signed, whatever it names: refusing it says nothing about what exists.
      log.warn({ provider: adapter.id, code: err.providerCode }, 'callback refused');
      throw new ApiError(400, err.providerCode, err.message);
    }
    const checkout = await store.findByProviderReference(adapter.id, reference);
    if (!checkout) {
      log.warn({ provider: adapter.id, reference }, 'callback for an unknown payment');
      return acknowledge(c, adapter);
    }
    // About a push that ended: that push is asked about (paid after all, it pays the checkout).
    if (checkout.providerReference !== reference) {
      const confirming = service.confirmEndedPush(checkout, reference).catch((err: unknown) => {
        log.warn({ provider: adapter.id, checkoutId: checkout.id, err: (err as Error).message }, 'callback about an ended push not confirmed');
      });
      await answerWithin(confirming, CONFIRM_WITHIN_MS, 'late' as const);
      return acknowledge(c, adapter);
    }
    // Callbacks for one checkout share one status call. One not answered in time has the reconciler
    // ask too (its answer still applies when it comes), and the provider has its answer before it gives up.
    await answerWithin(confirmations.request(checkout), CONFIRM_WITHIN_MS, 'late' as const);
    return acknowledge(c, adapter);
  });

  return app;
}

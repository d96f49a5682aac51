import { Hono } from 'hono';
import type { CheckoutService } from '../checkouts/service';
import { ApiError } from '../http/errors';
import { ProviderError, type PayerAction } from '../providers/types';
import type { Store } from '../store/types';
import { demoOriginsOnly } from './demo-same-origin';

const ACTIONS: readonly PayerAction[] = ['approve', 'decline', 'expire'];

/**
 * `POST /sandbox/checkouts/{id}/{approve|decline|expire}`: act as the payer at the provider's
 * sandbox. The outcome then reaches the checkout the way a real one would (callback or poll).
 */
export function sandboxRoutes({ store, service, origins }: { store: Store; service: CheckoutService; origins?: readonly string[] }) {
  const app = new Hono();
  // No auth: like the demo routes, for the demo page's own origin (and DEMO_ORIGINS) only.
  app.use('*', demoOriginsOnly(origins));

  app.post('/:id/:action', async (c) => {
    const action = c.req.param('action') as PayerAction;
    if (!ACTIONS.includes(action)) throw new ApiError(404, 'UNKNOWN_ACTION', `Payer actions are ${ACTIONS.join(', ')}.`);
    const checkout = await store.getCheckout(c.req.param('id'));
    if (!checkout) throw new ApiError(404, 'CHECKOUT_NOT_FOUND', `No checkout ${c.req.param('id')}.`);
    try {
      if (!(await service.actAsPayer(checkout, action))) {
        throw new ApiError(409, 'SANDBOX_UNAVAILABLE', `${checkout.provider} is configured with real credentials; there is no sandbox payer.`);
      }
    } catch (err) {
      if (err instanceof ProviderError) throw new ApiError(409, 'PAYER_ACTION_REFUSED', err.message);
      throw err;
    }
    return c.json({ id: checkout.id, action }, 202);
  });

  return app;
}

import { Hono } from 'hono';
import type { CheckoutService } from '../checkouts/service';
import { toMerchantCheckout, toMerchantCheckoutData } from '../checkouts/views';
import { merchantAuth } from '../http/auth';
import { readJson } from '../http/body';
import { ApiError } from '../http/errors';
import { encodeCursor } from '../operations/cursor';
import { readQuery } from '../operations/query';
import { ListCheckoutsQuery, ResolveBody } from '../operations/schema';
import type { Store } from '../store/types';

export interface OperationsRoutesDeps {
  store: Store;
  service: Pick<CheckoutService, 'lifecycle'>;
  apiKey: string;
}

/**
 * What an operator needs (docs/architecture.md, "Merchant routes"): find checkouts, above all the
 * `outcome_unknown` ones, and record what a person found out about one. Mounted at `/v1/checkouts`
 * before the merchant routes; each route takes the merchant key itself, so that nothing else
 * under the prefix is checked twice.
 */
export function operationsRoutes({ store, service, apiKey }: OperationsRoutesDeps) {
  const app = new Hono();
  const requireMerchantKey = merchantAuth({ apiKey });

  app.get('/', requireMerchantKey, async (c) => {
    const { limit, cursor, ...filters } = readQuery(c, ListCheckoutsQuery);
    // One more than the page: whether it exists says whether there is a next page.
    const found = await store.listCheckouts({ ...filters, ...(cursor ? { after: cursor } : {}), limit: limit + 1 });
    const page = found.slice(0, limit);
    const last = page.at(-1);
    return c.json({ data: page.map(toMerchantCheckoutData), nextCursor: found.length > limit && last ? encodeCursor(last) : null });
  });

  app.post('/:id/resolve', requireMerchantKey, async (c) => {
    const id = c.req.param('id');
    const { data } = await readJson(c, ResolveBody);
    if (!(await store.getCheckout(id))) throw new ApiError(404, 'CHECKOUT_NOT_FOUND', `No checkout ${id}.`);
    const result = await service.lifecycle.resolve(id, data);
    if (!result.resolved) {
      const { checkout } = result;
      const why = checkout.resolution
        ? `was already resolved (${checkout.resolution.outcome}, by ${checkout.resolution.source}, at ${checkout.resolution.resolvedAt})`
        : `is ${checkout.status}${checkout.reason ? ` (${checkout.reason})` : ''}, not expired with an unknown outcome`;
      throw new ApiError(409, 'CHECKOUT_NOT_UNKNOWN', `Checkout ${id} ${why}; only an unresolved outcome_unknown checkout is resolved.`);
    }
    return c.json(toMerchantCheckout(result.checkout, await store.listEvents(id)));
  });

  return app;
}

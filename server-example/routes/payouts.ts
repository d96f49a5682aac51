import { Hono } from 'hono';
import { merchantAuth } from '../http/auth';
import { readJson } from '../http/body';
import { ApiError, errorBody } from '../http/errors';
import { idempotent, type IdempotentRun, type StoredResponse } from '../http/idempotency';
import { CreatePayoutBody } from '../payouts/schema';
import { PayoutNotSentError, PayoutRequestError, type PayoutService } from '../payouts/service';
import { toMerchantPayout, toPayoutSummary } from '../payouts/views';
import { ProviderError } from '../providers/types';
import type { Clock } from '../lifecycle/clock';
import type { Store } from '../store/types';

export interface PayoutRoutesDeps {
  store: Store;
  clock: Clock;
  payouts: PayoutService;
  apiKey: string;
}

/** Server-to-server: send money to a wallet (`POST /v1/payouts`) and follow it. */
export function payoutRoutes({ store, clock, payouts, apiKey }: PayoutRoutesDeps) {
  const app = new Hono();
  app.use('*', merchantAuth({ apiKey }));

  async function createPayout(body: CreatePayoutBody, run: IdempotentRun): Promise<StoredResponse> {
    const resumed = run.resumed?.subjectId;
    try {
      // A retry that took over the key of a request that died after storing its payout: that payout, finished; never a second.
      const payout = resumed ? await payouts.resumeCreate(resumed, body) : await payouts.create(body, { idempotency: run.claim });
      return { status: 201, body: toPayoutSummary(payout) };
    } catch (err) {
      // Thrown, not answered: the claim is kept (a 5xx answer would free the key, and the payout might go twice).
      if (resumed && err instanceof ProviderError) {
        throw new ApiError(503, 'PROVIDER_UNAVAILABLE', `${err.message} Payout ${resumed} is being sent; retry with the same Idempotency-Key.`);
      }
      if (err instanceof PayoutRequestError) return { status: 422, body: errorBody(err.code, err.message) };
      if (err instanceof PayoutNotSentError) {
        // A 5xx frees the Idempotency-Key: the provider has no such payout, so a retry cannot pay twice.
        return { status: 502, body: errorBody('PROVIDER_UNAVAILABLE', `${err.message} Payout ${err.payout.id} was not sent and is failed; retry with the same Idempotency-Key.`) };
      }
      throw err;
    }
  }

  app.post('/', async (c) => {
    const { data, raw } = await readJson(c, CreatePayoutBody);
    const response = await idempotent(store, clock, 'payouts', c.req.header('idempotency-key'), raw, (run) => createPayout(data, run));
    if (response.replayed) c.header('Idempotent-Replayed', 'true');
    if (response.retryAfter !== undefined) c.header('Retry-After', String(response.retryAfter));
    return c.json(response.body as object, response.status as 201);
  });

  app.get('/:id', async (c) => {
    const payout = await store.getPayout(c.req.param('id'));
    if (!payout) throw new ApiError(404, 'PAYOUT_NOT_FOUND', `No payout ${c.req.param('id')}.`);
    return c.json(toMerchantPayout(payout, await store.listPayoutEvents(payout.id)));
  });

  return app;
}

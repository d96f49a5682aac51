import { Hono, type Context } from 'hono';
import { merchantAuth } from '../http/auth';
import { ApiError } from '../http/errors';
import { isoNow, type Clock } from '../lifecycle/clock';
import type { Store } from '../store/types';
import { ListEventsQuery } from '../webhooks/schema';
import { decodeEventCursor, encodeEventCursor, toDeliveryView, toWebhookEventView } from '../webhooks/views';

export interface EventRoutesDeps {
  store: Store;
  clock: Clock;
  apiKey: string;
  /** Sends a resent event at once (the webhook worker's `wake`); without a worker it waits in the outbox. */
  wake?(): void;
}

/** The query, each parameter once, checked against the schema; anything off is a 400 that names it. */
function readQuery(c: Context): ListEventsQuery {
  const raw: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) throw new ApiError(400, 'VALIDATION_FAILED', `${name}: give it once`);
    raw[name] = values[0]!;
  }
  const result = ListEventsQuery.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ApiError(400, 'VALIDATION_FAILED', `${where}${issue?.message ?? 'invalid query'}`);
  }
  return result.data;
}

/**
 * The merchant's view of its webhooks (docs/architecture.md, "Merchant webhooks"):
 * `GET /` lists them newest first with their delivery state; `POST /{id}/resend` queues one again.
 */
export function eventRoutes({ store, clock, apiKey, wake }: EventRoutesDeps) {
  const app = new Hono();
  app.use('*', merchantAuth({ apiKey }));

  app.get('/', async (c) => {
    const query = readQuery(c);
    const beforeSeq = query.cursor === undefined ? undefined : decodeEventCursor(query.cursor);
    if (query.cursor !== undefined && beforeSeq === undefined) throw new ApiError(400, 'INVALID_CURSOR', 'cursor: expected the nextCursor of the page before.');
    const subjectId = query.checkout ?? query.payout;
    // One more than asked tells whether a next page exists, without a count.
    const events = await store.listWebhookEvents({
      ...(query.type ? { type: query.type } : {}),
      ...(subjectId ? { subjectId } : {}),
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
      limit: query.limit + 1,
    });
    const page = events.slice(0, query.limit);
    const last = page.at(-1);
    return c.json({ data: page.map(toWebhookEventView), nextCursor: events.length > query.limit && last ? encodeEventCursor(last.seq) : null });
  });

  app.post('/:id/resend', async (c) => {
    const id = c.req.param('id');
    if (!(await store.resendWebhookEvent(id, isoNow(clock)))) throw new ApiError(404, 'EVENT_NOT_FOUND', `No event ${id}.`);
    const event = await store.getWebhookEvent(id);
    wake?.();
    return c.json({ id, delivery: toDeliveryView(event!) }, 202);
  });

  return app;
}

import { Hono } from 'hono';
import type { Logger } from 'pino';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { Config } from '../config';
import { bufferedBody, readText } from '../http/body';
import { errorBody } from '../http/errors';
import { isoNow, type Clock } from '../lifecycle/clock';
import type { WebhookConfig } from '../webhooks/config';

/**
 * The demo's stand-in for the merchant's webhook receiver (docs/architecture.md, "Sandboxes and
 * demo"): in demo mode, without a MERCHANT_WEBHOOK_URL, the backend sends its webhooks here, and
 * this route checks them the way a merchant would, with the official `standardwebhooks` library.
 */
export const DEMO_WEBHOOKS_PATH = '/demo/webhooks';
/** Short enough for a newcomer to watch a retry arrive; the full schedule spans a day and a half. */
export const DEMO_RETRY_MS = [0, 1_000, 5_000, 30_000];
/** What the demo page shows; older ones are forgotten. */
export const MAX_REMEMBERED_WEBHOOKS = 50;
const MAX_BODY_BYTES = 64 * 1024;
/** Claimed strings of a forged request are kept only this long: it is shown, and anyone can send one. */
const MAX_CLAIMED_CHARS = 64;

/**
 * Where the backend's webhooks go: the merchant's URL when one is configured, else (in demo
 * mode) this receiver on the backend's own local URL, on the short schedule unless
 * MERCHANT_WEBHOOK_RETRY_MS says otherwise.
 */
export function effectiveWebhookConfig(config: Pick<Config, 'demo' | 'webhooks'>, localUrl: string, env: NodeJS.ProcessEnv): WebhookConfig {
  if (!config.demo || config.webhooks.url) return config.webhooks;
  const retryMs = env.MERCHANT_WEBHOOK_RETRY_MS !== undefined ? config.webhooks.retryMs : [...DEMO_RETRY_MS];
  return { ...config.webhooks, url: `${localUrl}${DEMO_WEBHOOKS_PATH}`, retryMs };
}

/** One request the receiver got, as `GET /demo/webhooks` lists it. Never the signature. */
export interface ReceivedWebhook {
  /** The `webhook-id` header; null when a forged request had none. */
  id: string | null;
  /** The body's `type`: trusted only when `verified`. */
  type: string | null;
  checkoutId?: string;
  payoutId?: string;
  status?: string;
  receivedAt: string;
  verified: boolean;
  /** Why verification failed, in the library's words (e.g. "No matching signature found"). */
  error?: string;
  /** Verified only: how many times this `webhook-id` arrived (retries, resends), as far as the list remembers. */
  attempt?: number;
}

const claimed = (value: unknown): string | undefined => (typeof value === 'string' ? value.slice(0, MAX_CLAIMED_CHARS) : undefined);

function parseBody(body: string): { type?: unknown; data?: { id?: unknown; status?: unknown } } {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

/** What the body says about itself: the event's type, its subject and the subject's status. */
function whatItSays(body: string): Pick<ReceivedWebhook, 'type' | 'checkoutId' | 'payoutId' | 'status'> {
  const { type, data } = parseBody(body);
  const kind = claimed(type) ?? null;
  const subject = claimed(data?.id);
  const status = claimed(data?.status);
  return {
    type: kind,
    ...(subject ? (kind?.startsWith('payout.') ? { payoutId: subject } : { checkoutId: subject }) : {}),
    ...(status ? { status } : {}),
  };
}

export function demoWebhookRoutes({ secret, clock, log }: { secret: string; clock: Clock; log: Logger }) {
  const webhook = new Webhook(secret);
  /** Newest first. */
  const received: ReceivedWebhook[] = [];

  /** A verified retry of a webhook already listed replaces it, counted: receivers de-duplicate by `webhook-id`. */
  function remember(entry: ReceivedWebhook) {
    if (entry.verified) {
      const earlier = received.findIndex((other) => other.verified && other.id === entry.id);
      entry.attempt = earlier >= 0 ? (received[earlier]!.attempt ?? 1) + 1 : 1;
      if (earlier >= 0) received.splice(earlier, 1);
    }
    received.unshift(entry);
    received.length = Math.min(received.length, MAX_REMEMBERED_WEBHOOKS);
  }

  const app = new Hono();
  app.use('*', bufferedBody({ maxBytes: MAX_BODY_BYTES, log, onTooLarge: (c) => c.json(errorBody('PAYLOAD_TOO_LARGE', 'The request body is larger than 64 KB.'), 413) }));

  /** Verified against the raw body, byte for byte: a body parsed and serialised again would not match its signature. */
  app.post('/', async (c) => {
    const body = await readText(c);
    const headers = {
      'webhook-id': c.req.header('webhook-id') ?? '',
      'webhook-timestamp': c.req.header('webhook-timestamp') ?? '',
      'webhook-signature': c.req.header('webhook-signature') ?? '',
    };
    let error: string | undefined;
    try {
      webhook.verify(body, headers, { jsonParse: false });
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      error = err.message;
    }
    const id = claimed(headers['webhook-id']) || null;
    remember({ id, ...whatItSays(body), receivedAt: isoNow(clock), verified: error === undefined, ...(error ? { error } : {}) });
    if (error === undefined) return c.body(null, 204);
    log.warn({ webhookId: id, error }, 'demo webhook receiver: signature invalid, refused');
    return c.json(errorBody('WEBHOOK_SIGNATURE_INVALID', `The webhook's signature does not verify: ${error}.`), 400);
  });

  app.get('/', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ data: received });
  });

  return app;
}

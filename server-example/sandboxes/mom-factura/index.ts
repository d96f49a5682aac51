/**
 * A faithful stand-in for Mom Factura's payments API (seed 004: MCX, E-kwanza, Bank
 * Reference, status fallbacks, webhooks), plus a control API to act as the payer, set the
 * webhook URL and inject faults. State lives in memory. See README.md.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { createMomFacturaSandbox } from './sandboxes/mom-factura';
 * const app = new Hono();
 * app.route('/sandbox/mom-factura', createMomFacturaSandbox({ apiKeys: [{ key: 'mf_sandbox_key' }] }));
 * // An adapter then uses base URL http://host:port/sandbox/mom-factura exactly as https://api.momenu.online.
 * ```
 */
import { Hono } from 'hono';
import { apiGateway, type ApiEnv } from './auth';
import { createControlApi } from './control';
import { ERRORS, reply } from './errors';
import { invoicePdf } from './invoice';
import { createPaymentApi } from './payments';
import { SandboxState, type ApiKeyConfig } from './state';
import { createWebhookSender } from './webhooks';

export type { ApiKeyConfig } from './state';

export const DEFAULT_API_KEY = 'mf_sandbox_key';
export const DEFAULT_RESTAURANT_ID = 'sandbox-restaurant';

export interface MomFacturaSandboxOptions {
  /** Accepted keys. Default: one active key `mf_sandbox_key` with restaurant `sandbox-restaurant`. */
  apiKeys?: ApiKeyConfig[];
  /** Milliseconds clock for expiry and rate-limit windows. Default: Date.now. */
  now?: () => number;
  /** Used to POST webhooks. Default: the global fetch. */
  fetch?: typeof fetch;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** How long an MCX push waits for the payer before answering PAYMENT_TIMEOUT. Default 90 s. */
  mcxTimeoutMs?: number;
  /** E-kwanza `paymentTimeout` in seconds. Default 180 (documented). */
  ekwanzaTimeoutSeconds?: number;
  /** Days until a bank reference's dueDate. Default 3. */
  referenceValidityDays?: number;
  /** The Reference entity. Default "11604". */
  entity?: string;
  /** Emulate the API since 2026-06-22: MCX and Reference need `instantWithdraw: true`. Default false (seed 004). */
  requireInstantWithdraw?: boolean;
  /** Default 100 and 20 (documented). */
  requestsPerMinute?: number;
  paymentsPerMinute?: number;
  /** Fixed public base of invoice URLs; default: this sandbox's `/invoices`, from the request URL. */
  invoiceBaseUrl?: string;
  /** How long a control action waits for a payment that has not arrived yet (an MCX push on its way). Default 3 s. */
  controlWaitMs?: number;
  /** False: no control API (no one can act as the payer); the payments API alone. Default true. */
  control?: boolean;
}

export function createMomFacturaSandbox(options: MomFacturaSandboxOptions = {}): Hono {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const keys = (options.apiKeys ?? [{ key: DEFAULT_API_KEY }]).map((key) => ({
    ...key,
    restaurantId: key.restaurantId === undefined ? DEFAULT_RESTAURANT_ID : key.restaurantId,
  }));
  const webhooks = createWebhookSender({
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now,
    log,
    faults: () => state.faults,
    webhookUrl: (payment) => state.keys.get(payment.apiKey)?.webhookUrl,
  });
  const state: SandboxState = new SandboxState({
    now,
    keys,
    requestsPerMinute: options.requestsPerMinute ?? 100,
    paymentsPerMinute: options.paymentsPerMinute ?? 20,
    ...webhooks,
  });

  const app = new Hono();
  // Set before any route is added: Hono applies a sub-app's onError to the routes it mounts.
  app.onError((error, c) => {
    log('mom-factura sandbox: unhandled error', { path: c.req.path, error: String(error) });
    return reply(c, ERRORS.internal);
  });

  // Expire lapsed payments first, so every read sees the state the clock implies.
  app.use('*', async function expireLapsedPayments(_c, next) {
    state.sweep();
    await next();
  });

  if (options.control !== false) app.route('/control', createControlApi(state, { waitMs: options.controlWaitMs ?? 3_000, limits: { ...state.limits } }));

  // The invoice CDN (invoice-momenu.toquemedia.net upstream): public, no API key.
  app.get('/invoices/:file', (c) => {
    const id = c.req.param('file').replace(/\.pdf$/, '');
    const payment = state.get(id);
    if (!payment?.invoiceUrl || payment.transactionId !== id) return c.text('Not found', 404);
    return c.body(new Uint8Array(invoicePdf(payment)), 200, { 'Content-Type': 'application/pdf' });
  });

  const api = new Hono<ApiEnv>();
  api.use('*', apiGateway(state));
  api.route(
    '/payment',
    createPaymentApi(state, {
      mcxTimeoutMs: options.mcxTimeoutMs ?? 90_000,
      ekwanzaTimeoutSeconds: options.ekwanzaTimeoutSeconds ?? 180,
      referenceValidityDays: options.referenceValidityDays ?? 3,
      entity: options.entity ?? '11604',
      requireInstantWithdraw: options.requireInstantWithdraw ?? false,
      invoiceBaseUrl: options.invoiceBaseUrl,
      log,
    }),
  );
  api.all('*', (c) => reply(c, ERRORS.routeNotFound));
  app.route('/api', api);

  app.all('*', (c) => reply(c, ERRORS.routeNotFound));
  return app;
}

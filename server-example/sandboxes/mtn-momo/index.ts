/**
 * A faithful stand-in for MTN MoMo's Open API (provisioning, collection token, Invoice API,
 * RequestToPay, CreatePayments, account balance),
 * plus a control API to act as the payer and inject faults. State lives in memory.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { createMtnMomoSandbox } from './sandboxes/mtn-momo';
 * const app = new Hono();
 * app.route('/sandbox/mtn-momo', createMtnMomoSandbox());
 * // An adapter then uses base URL http://host:port/sandbox/mtn-momo exactly as MTN's.
 * ```
 */
import { Hono } from 'hono';
import { injectedFailures, subscriptionKey } from './auth';
import { createBalanceApi } from './balance';
import { createCallbackSender } from './callbacks';
import { createControlApi } from './control';
import { ERRORS, reply } from './errors';
import { createInvoiceApi } from './invoices';
import { createProvisioningApi, createTokenApi } from './provisioning';
import { createPaymentApi, createRequestToPayApi } from './pushes';
import { SandboxState } from './state';

export const DEFAULT_SUBSCRIPTION_KEY = 'momo-sandbox-subscription-key';

export interface MtnSandboxOptions {
  /** Subscription keys accepted in Ocp-Apim-Subscription-Key. Default: ['momo-sandbox-subscription-key']. */
  subscriptionKeys?: string[];
  /** Milliseconds clock for token and invoice expiry. Default: Date.now. */
  now?: () => number;
  /** How long a request-to-pay or payment waits for the payer before it lapses (EXPIRED). Default 5 minutes. */
  approvalWindowMs?: number;
  /** Used to PUT callbacks. Default: the global fetch. */
  fetch?: typeof fetch;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** False: no control API (no one can act as the payer); MTN's API alone. Default true. */
  control?: boolean;
}

export function createMtnMomoSandbox(options: MtnSandboxOptions = {}): Hono {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const keys = [...(options.subscriptionKeys ?? [DEFAULT_SUBSCRIPTION_KEY])];
  const sendCallbacks = createCallbackSender({
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now,
    log,
    faults: () => state.faults,
  });
  const state: SandboxState = new SandboxState(now, sendCallbacks, {
    ...(options.approvalWindowMs !== undefined ? { approvalWindowMs: options.approvalWindowMs } : {}),
  });

  const app = new Hono();
  // Set before any route is added: Hono applies a sub-app's onError to the routes it mounts.
  app.onError((error, c) => {
    log('mtn-momo sandbox: unhandled error', { path: c.req.path, error: String(error) });
    return reply(c, ERRORS.internal);
  });

  // Expire lapsed invoices and move pushes on first, so every read sees the state the clock implies.
  app.use('*', async function expireLapsedInvoices(_c, next) {
    state.sweep();
    await next();
  });

  if (options.control !== false) app.route('/control', createControlApi(state));

  app.use('/v1_0/*', subscriptionKey(keys));
  app.route('/v1_0', createProvisioningApi(state, log));

  app.use('/collection/*', state.calls.middleware(), subscriptionKey(keys), injectedFailures(state));
  app.route('/collection', createTokenApi(state, log));
  app.route('/collection/v1_0', createRequestToPayApi(state, log));
  app.route('/collection/v1_0', createBalanceApi(state));
  app.route('/collection/v2_0', createInvoiceApi(state, log));
  app.route('/collection/v2_0', createPaymentApi(state, log));

  // Azure APIM's answer for an operation it does not know (wrong path or method).
  app.all('*', (c) => reply(c, ERRORS.operationNotFound));

  return app;
}

/**
 * A faithful stand-in for MoMo Vietnam's AIO v2 payment gateway (create with captureWallet or
 * payWithMethod, query, signed IPN), plus a control API to act as the payer and inject
 * faults. State lives in memory.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { createMomoVnSandbox } from './sandboxes/momo-vn';
 * const app = new Hono();
 * app.route('/sandbox/momo-vn', createMomoVnSandbox());
 * // An adapter then uses base URL http://host:port/sandbox/momo-vn exactly as https://test-payment.momo.vn.
 * ```
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { underInjectedFaults } from '../common/faults';
import { createControlApi } from './control';
import { createGatewayApi } from './gateway';
import { createIpnSender } from './ipn';
import { SandboxState } from './state';
import { httpStatus, message, PUBLIC_TEST_CREDENTIALS, type MomoCredential } from './wire';

export { PUBLIC_TEST_CREDENTIALS, type MomoCredential } from './wire';

/** How long a payment link lives before MoMo ends it with 1005 (our choice; see README). */
export const DEFAULT_ORDER_LIFETIME_MS = 15 * 60_000;

export interface MomoVnSandboxOptions {
  /** Credential sets accepted besides MoMo's public test sets. */
  credentials?: readonly MomoCredential[];
  orderLifetimeMs?: number;
  /** Milliseconds clock for responseTime and expiry. Default: Date.now. */
  now?: () => number;
  /** Used to POST IPNs. Default: the global fetch. */
  fetch?: typeof fetch;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** Public base of the payUrl pages, e.g. `https://pay.example.com/sandbox/momo-vn`; default: from the request URL. */
  payBaseUrl?: string;
  /** False: no control API (no one can act as the payer); the gateway alone. Default true. */
  control?: boolean;
}

export function createMomoVnSandbox(options: MomoVnSandboxOptions = {}): Hono {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const credentials = [...PUBLIC_TEST_CREDENTIALS, ...(options.credentials ?? [])];
  const sendIpn = createIpnSender({
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now,
    log,
    faults: () => state.faults,
  });
  const state: SandboxState = new SandboxState(now, sendIpn);

  const app = new Hono();
  // Set before any route is added: Hono applies a sub-app's onError to the routes it mounts.
  app.onError((error, c) => {
    log('momo-vn sandbox: unhandled error', { path: c.req.path, error: String(error) });
    return c.json({ resultCode: 99, message: message(99, 'en'), responseTime: now() }, 500);
  });

  app.use('*', async function expireLapsedOrders(_c, next) {
    state.sweep();
    await next();
  });

  if (options.control !== false) app.route('/control', createControlApi(state, now));

  /** `failNext` (500 with resultCode 99, or 503 with 10) and `hangNext` on gateway calls (all POSTs). */
  const injectedFaults: MiddlewareHandler = async function injectedFaults(c, next) {
    if (c.req.method !== 'POST') return next();
    return underInjectedFaults(c, next, state.faults, (failNext) => {
      const code = failNext.status === 503 ? 10 : 99;
      return c.json({ resultCode: code, message: message(code, 'en'), responseTime: now() }, httpStatus(code));
    });
  };
  app.use('/v2/gateway/api/*', injectedFaults);
  app.route(
    '/v2/gateway',
    createGatewayApi(state, {
      credentials: () => credentials,
      now,
      orderLifetimeMs: options.orderLifetimeMs ?? DEFAULT_ORDER_LIFETIME_MS,
      log,
      ...(options.payBaseUrl ? { payBaseUrl: options.payBaseUrl } : {}),
    }),
  );

  app.all('*', (c) => c.json({ resultCode: 12, message: message(12, 'en'), responseTime: now() }, 404));

  return app;
}

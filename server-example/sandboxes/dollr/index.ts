/**
 * A faithful stand-in for the Dollr Open API (heydollr.app; docs/providers.md, "Dollr"): client-credential
 * tokens, parties, counterparties, invoices, predictions, sessions, payment accounts,
 * collection and payout executions, status, receipts and receipt links, with FastAPI-style
 * errors; plus a control API to act as the payer and inject faults. State lives in memory.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { createDollrSandbox } from './sandboxes/dollr';
 * const app = new Hono();
 * app.route('/sandbox/dollr', createDollrSandbox());
 * // An adapter then uses base URL http://host:port/sandbox/dollr exactly as https://api.heydollr.app.
 * ```
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { holdFor, takeFault } from '../common/faults';
import { createApi } from './api';
import { createControlApi } from './control';
import { ERRORS, internalServerError, reply, type DollrError } from './errors';
import { receiptPage } from './receipt-page';
import { SandboxState, type PayoutPasscode } from './state';

export const DEFAULT_CLIENT_ID = 'dollr-sandbox-client';
export const DEFAULT_CLIENT_SECRET = 'dollr-sandbox-secret';
/** The merchant passcode payouts need (docs/providers.md, "Dollr"). */
export const DEFAULT_PAYOUT_PASSCODE: PayoutPasscode = { phone: '231770000000', code: '123456' };

export interface DollrSandboxOptions {
  /** Accepted client credentials. Default: `dollr-sandbox-client` / `dollr-sandbox-secret`. */
  clients?: { clientId: string; clientSecret: string }[];
  /** Milliseconds clock for tokens, sessions and approval windows. Default: Date.now. */
  now?: () => number;
  /** `expires_in` of a token, in minutes. Default 60 (the docs' example). */
  tokenLifetimeMinutes?: number;
  /** How long a checkout or payout session stays executable. Default 30 minutes. */
  sessionLifetimeMs?: number;
  /** How long a collection waits in PROCESSING for the payer before it fails EXPIRED. Default 10 minutes. */
  approvalWindowMs?: number;
  /** Starting balance of each merchant wallet (USD, LRD, RWF), in minor units. Default 1,000,000.00. */
  walletBalance?: number;
  payoutPasscode?: PayoutPasscode;
  /** Public base of the hosted receipt pages; default: this sandbox's `/receipts`, from the request URL. */
  receiptBaseUrl?: string;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** False: no control API (no one can act as the payer); the Open API alone. Default true. */
  control?: boolean;
}

/** Constant-time string compare (hashing first equalises the lengths). */
function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

const TOKEN_PATH = '/v1/jwt/client/obtain/token';

export function createDollrSandbox(options: DollrSandboxOptions = {}): Hono {
  const log = options.log ?? (() => undefined);
  // Late-bound, so a faked Date (node:test mock.timers) moves the sandbox's clock too.
  const state = new SandboxState(options.now ?? (() => Date.now()), {
    tokenLifetimeMinutes: options.tokenLifetimeMinutes ?? 60,
    sessionLifetimeMs: options.sessionLifetimeMs ?? 30 * 60_000,
    approvalWindowMs: options.approvalWindowMs ?? 10 * 60_000,
    walletBalance: options.walletBalance ?? 100_000_000,
  });

  const app = new Hono();
  // Set before any route is added: Hono applies a sub-app's onError to the routes it mounts.
  app.onError((error, c) => {
    log('dollr sandbox: unhandled error', { path: c.req.path, error: String(error) });
    return internalServerError();
  });

  app.use('*', async function moveOnWithTheClock(_c, next) {
    state.sweep();
    await next();
  });

  if (options.control !== false) app.route('/control', createControlApi(state));

  // The hosted receipt page behind `/v1/links/receipt` (public, no token).
  app.get('/receipts/:number', (c) => {
    const invoice = [...state.invoices.values()].find((entry) => entry.invoice_number === c.req.param('number'));
    const execution = invoice?.paidBy ? state.executions.get(invoice.paidBy) : undefined;
    if (invoice?.status !== 'PAID' || !execution) return c.text('Receipt not found', 404);
    return c.html(receiptPage(state.invoiceBody(invoice), execution));
  });

  app.use('/v1/*', async function faults(c, next) {
    const onPath = (fault: { path?: string }) => !fault.path || c.req.path.includes(fault.path);
    const failNext = takeFault(state.faults, 'failNext', onPath);
    if (failNext) {
      if (failNext.status === 500) return internalServerError();
      const injected: DollrError = failNext.status === 429 ? ERRORS.rateLimited : failNext.status === 502 ? ERRORS.badGateway : ERRORS.unavailable;
      return reply(c, injected);
    }
    const lose = state.faults.loseAnswer;
    const losing = lose && lose.count > 0 && c.req.method === 'POST' && c.req.path.includes(lose.path);
    const hang = takeFault(state.faults, 'hangNext', onPath);
    await next();
    // `hangNext`: the work is done, then the answer is held past the client's timeout.
    if (hang) await holdFor(hang.ms);
    // `loseAnswer`: the work is done, then the answer is lost (a 500 from the proxy side).
    if (losing && lose.count > 0 && c.res.status < 300) {
      lose.count -= 1;
      if (lose.count === 0) delete state.faults.loseAnswer;
      c.res = internalServerError();
    }
  });

  app.use('/v1/*', async function bearer(c, next) {
    if (c.req.path.endsWith(TOKEN_PATH)) return next();
    const header = c.req.header('Authorization');
    if (!header) return reply(c, ERRORS.notAuthenticated);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1] || !state.tokenValid(match[1])) return reply(c, ERRORS.badCredentials);
    await next();
  });

  app.route(
    '/v1',
    createApi(state, {
      clients: options.clients ?? [{ clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET }],
      passcode: options.payoutPasscode ?? DEFAULT_PAYOUT_PASSCODE,
      receiptBaseUrl: options.receiptBaseUrl,
      log,
      safeEqual,
    }),
  );

  // FastAPI's answer for a path it does not route.
  app.all('*', (c) => reply(c, ERRORS.notFound));
  return app;
}

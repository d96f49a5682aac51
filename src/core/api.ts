import { isFinalStatus, STATUSES, type ApiErrorBody, type Session, type StatusUpdate } from '../../contract/index.js';
import { refusedByPolicy, watchPolicy } from './csp.js';

/**
 * Error codes the element reports in `momo-error`. The backend's own codes (`TOKEN_MISSING`,
 * `TOKEN_INVALID`, `TOKEN_EXPIRED`, …) pass through unchanged; these are added by the client.
 */
export type ClientErrorCode = 'TOKEN_MISSING' | 'TOKEN_MALFORMED' | 'NETWORK_ERROR' | 'CSP_BLOCKED' | 'TIMEOUT' | 'BAD_RESPONSE' | 'HTTP_ERROR';

/** The one error the API client throws. Everything else (aborts aside) is mapped to it. */
export class MomoApiError extends Error {
  override readonly name = 'MomoApiError';
  constructor(
    readonly code: ClientErrorCode | (string & {}),
    message: string,
    /** HTTP status, when the backend answered. */
    readonly status?: number,
    /**
     * `TOKEN_EXPIRED` on a read: the checkout's final status, when the backend sent it with the
     * refusal. Without it, the backend had settled nothing yet when it stopped taking the token.
     */
    readonly finalUpdate?: StatusUpdate,
  ) {
    super(message);
  }

  /**
   * Worth retrying later: the network, a timeout, the backend being briefly unwell, or an answer
   * that isn't the backend's own (a proxy's or firewall's error page, a truncated body). Only the
   * backend's JSON errors below 500 (bar 408 and 429) are verdicts, and so is the page's own
   * Content-Security-Policy refusing the backend (`CSP_BLOCKED`): it refuses every later try too.
   */
  get transient(): boolean {
    const { status, code } = this;
    if (code === 'CSP_BLOCKED') return false;
    if (status === undefined || code === 'HTTP_ERROR') return true;
    return status === 408 || status === 429 || status >= 500;
  }

  /** The backend refused the token (`TOKEN_MISSING`, `TOKEN_INVALID`, `TOKEN_EXPIRED`, …): no request with it can succeed. */
  get tokenRefused(): boolean {
    return this.status !== undefined && this.code.startsWith('TOKEN_');
  }
}

export interface ApiClient {
  /** `GET /v1/session`; with `locale`, `?locale=…`: the backend picks the translation it sends by it. */
  getSession(signal: AbortSignal, locale?: string): Promise<Session>;
  /** `GET /v1/session/status`: the status as it stands. */
  getStatus(signal: AbortSignal): Promise<StatusUpdate>;
  /** `GET /v1/session/events`: the raw response; the caller checks status and content type. */
  openEvents(signal: AbortSignal): Promise<Response>;
  /**
   * `POST /v1/session/pay` `{ phone }` (digits only): pushes the approval request to the payer's
   * phone. 202 → the new status. Refusals are `MomoApiError`s: 400 `INVALID_PHONE`,
   * 409 `PUSH_LIVE` (a request is on the phone already; the body's `status` says where it went), 422 (the provider refused; its message is for the payer), 502.
   */
  /** `fee`: the fee shown to the payer, who agrees to that one only (decimal, major units). */
  pay(phone: string, signal: AbortSignal, fee?: string): Promise<StatusUpdate>;
}

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * A small client over `fetch`. The token travels in the `Authorization` header only, never in a
 * URL (URLs end up in logs and Referer headers). Requests keep the default cache mode and send no
 * conditional headers: Chromium skips its CORS preflight cache for `no-store`, `no-cache` and
 * `reload` fetches (and `If-None-Match` makes a fetch `no-store`), so each poll would be preceded
 * by a preflight. The backend answers `Cache-Control: no-store`: the HTTP cache keeps nothing.
 * Retries belong to the callers: the status follower has its own back-off.
 */
export function createApiClient(baseUrl: string, token: string): ApiClient {
  watchPolicy();
  const root = baseUrl.replace(/\/$/, '');
  /** Sends `init` to `path` (relative to the base URL) and reads the answer, both within the timeout (none with `timeoutMs` 0); maps every failure. */
  const call = async <T>(
    path: string,
    signal: AbortSignal,
    read: (response: Response) => Promise<T>,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
    timeoutMs = REQUEST_TIMEOUT_MS,
  ): Promise<T> => {
    const url = `${root}/${path}`;
    // The caller's signal and the timeout as one (no AbortSignal.any: Safari has it from 17.4 only).
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          abort();
        }, timeoutMs)
      : undefined;
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort);
    try {
      const response = await fetch(url, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...init.headers },
        credentials: 'omit',
        // Without a timeout (the event stream), the answer outlives this call: the caller's signal ends it.
        signal: timeoutMs ? controller.signal : signal,
      });
      return await read(response);
    } catch (error) {
      if (error instanceof MomoApiError) throw error;
      if (signal.aborted || (isAbort(error) && !timedOut)) throw new DOMException('The request was aborted.', 'AbortError');
      if (timedOut) throw new MomoApiError('TIMEOUT', 'The payment service took too long to answer.');
      if (error instanceof SyntaxError) throw new MomoApiError('BAD_RESPONSE', 'The payment service sent an unreadable answer.');
      // The page's policy, not the payer's connection: say which directive lets the element through.
      if (await refusedByPolicy(url)) throw new MomoApiError('CSP_BLOCKED', `The page's Content-Security-Policy blocks ${new URL(url).origin}: add it to connect-src.`);
      throw new MomoApiError('NETWORK_ERROR', 'Could not reach the payment service.');
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    }
  };
  /** A JSON answer; anything but 2xx is an error. */
  const json = async (response: Response): Promise<unknown> => {
    if (!response.ok) throw await fromResponse(response);
    return response.json();
  };

  return {
    async getSession(signal, locale) {
      return parseSession(await call(locale ? `v1/session?locale=${encodeURIComponent(locale)}` : 'v1/session', signal, json));
    },

    async getStatus(signal) {
      return parseStatusUpdate(await call('v1/session/status', signal, json));
    },

    openEvents(signal) {
      // The stream stays open for minutes; the follower watches it for silence instead of a timeout.
      return call('v1/session/events', signal, async (response) => response, { headers: { accept: 'text/event-stream' } }, 0);
    },

    async pay(phone, signal, fee) {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fee ? { phone, fee } : { phone }) };
      return parseStatusUpdate(await call('v1/session/pay', signal, json, init));
    },
  };
}

async function fromResponse(response: Response): Promise<MomoApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): fall through to a generic error.
  }
  const error = (body as Partial<ApiErrorBody> | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    const finalUpdate = error.code === 'TOKEN_EXPIRED' ? finalUpdateOf((body as Partial<ApiErrorBody>).status) : undefined;
    return new MomoApiError(error.code, error.message, response.status, finalUpdate);
  }
  return new MomoApiError('HTTP_ERROR', `The payment service answered ${response.status}.`, response.status);
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/* Shape checks at the edge, so views and controllers can trust the types. */

function badResponse(what: string): MomoApiError {
  return new MomoApiError('BAD_RESPONSE', `The payment service sent an invalid ${what}.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStatus(value: unknown): value is StatusUpdate['status'] {
  return (STATUSES as readonly unknown[]).includes(value);
}

export function parseSession(body: unknown): Session {
  if (
    !isRecord(body) ||
    typeof body.id !== 'string' ||
    typeof body.merchant !== 'string' ||
    typeof body.amount !== 'string' ||
    typeof body.currency !== 'string' ||
    !isStatus(body.status) ||
    !Array.isArray(body.instructions)
  ) {
    throw badResponse('session');
  }
  // Instructions are checked one by one by the view registry: an unknown kind is skipped there.
  return body as unknown as Session;
}

/** A refusal's `status`, taken only when it is a well-formed final one: anything else says nothing. */
function finalUpdateOf(value: unknown): StatusUpdate | undefined {
  if (!isRecord(value) || !isStatus(value.status) || !isFinalStatus(value.status)) return undefined;
  return value as unknown as StatusUpdate;
}

export function parseStatusUpdate(body: unknown): StatusUpdate {
  if (!isRecord(body) || !isStatus(body.status)) throw badResponse('status');
  return body as unknown as StatusUpdate;
}

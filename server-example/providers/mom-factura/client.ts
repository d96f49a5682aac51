import { requestProvider, type ProviderResponse } from '../http';
import { ProviderError } from '../types';
import { RATE_LIMIT_CODES, REQUEST_ERROR_CODES, type ErrorBody } from './wire';

export interface MomFacturaClientOptions {
  /** https://api.momenu.online, or our sandbox at …/sandbox/mom-factura */
  baseUrl: string;
  apiKey: string;
  /** Sends `x-env-qa: true`: Mom Factura's QA environment (simulateResult and the test phones). */
  qa: boolean;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** HTTP to Mom Factura: `x-api-key` on every call, JSON both ways. The key is never logged. */
export function createMomFacturaClient(options: MomFacturaClientOptions) {
  const fetchFn = options.fetch ?? fetch;

  function send<T>(method: 'GET' | 'POST' | 'PUT', path: string, init: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<ProviderResponse<T>> {
    return requestProvider<T>('Mom Factura', fetchFn, `${options.baseUrl}${path}`, {
      method,
      headers: { 'x-api-key': options.apiKey, ...(options.qa ? { 'x-env-qa': 'true' } : {}), ...init.headers },
      body: init.body,
      timeoutMs: init.timeoutMs ?? options.timeoutMs,
    });
  }

  return {
    send,
    /** A call to our sandbox's control API (no Mom Factura equivalent). */
    control<T = ErrorBody>(method: 'POST' | 'PUT', path: string, body?: unknown) {
      return send<T>(method, `/control${path}`, { body });
    },
  };
}

export type MomFacturaClient = ReturnType<typeof createMomFacturaClient>;

/**
 * Turns an error answer into a ProviderError: `rejected` when Mom Factura refused the
 * request (a documented request error, or any 4xx: nothing was created, so it may be sent
 * again), `unavailable` when it failed or did not say (5xx, INTERNAL_ERROR, no JSON). A rate
 * limit (429) is no verdict on the request: `unavailable`, known to have created nothing.
 */
export function errorFrom(response: ProviderResponse<unknown>, doing: string): ProviderError {
  const body = (response.body ?? {}) as ErrorBody;
  const code = body.code ?? `HTTP_${response.status}`;
  if (response.status === 429 || RATE_LIMIT_CODES.has(code)) {
    return new ProviderError('unavailable', code, `Mom Factura is limiting our requests (${code}) and did not ${doing}; nothing was created, try again in a minute.`).confirmedNotSent();
  }
  const refused = REQUEST_ERROR_CODES.has(code) || (response.status >= 400 && response.status < 500);
  return new ProviderError(refused ? 'rejected' : 'unavailable', code, `Mom Factura refused to ${doing}: ${code}${body.error ? ` (${body.error})` : ''}.`);
}

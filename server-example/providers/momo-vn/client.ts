import { isTransientStatus, requestProvider, type ProviderResponse } from '../http';
import { ProviderError } from '../types';
import { UNKNOWN_OUTCOME_CODES } from './status';

/** JSON over HTTP to MoMo's gateway; network failures and timeouts become `unavailable`. */
export function createMomoClient(options: { baseUrl: string; timeoutMs?: number; fetch?: typeof fetch }) {
  const fetchFn = options.fetch ?? fetch;
  return function post<T>(path: string, body?: unknown): Promise<ProviderResponse<T>> {
    return requestProvider<T>('MoMo', fetchFn, `${options.baseUrl}${path}`, { method: 'POST', body, timeoutMs: options.timeoutMs });
  };
}

export type MomoPost = ReturnType<typeof createMomoClient>;

/**
 * Turns a MoMo answer that is not a success into a ProviderError: `unavailable` when the
 * outcome is unknown (5xx, maintenance, unknown error), else `rejected` (nothing was done).
 */
export function errorFrom(response: ProviderResponse<{ resultCode?: unknown; message?: unknown }>, doing: string): ProviderError {
  const code = typeof response.body?.resultCode === 'number' ? response.body.resultCode : undefined;
  const unknown = isTransientStatus(response.status) || (code !== undefined && UNKNOWN_OUTCOME_CODES.has(code));
  const providerCode = code === undefined ? `HTTP_${response.status}` : String(code);
  const detail = typeof response.body?.message === 'string' ? ` (${response.body.message})` : '';
  return new ProviderError(unknown ? 'unavailable' : 'rejected', providerCode, `MoMo refused to ${doing}: ${providerCode}${detail}.`);
}

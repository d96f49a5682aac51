import { isTransientStatus, requestProvider, type ProviderResponse } from '../http';
import { createTokenCache, withBearer } from '../token-cache';
import { ProviderError } from '../types';
import type { ErrorBody, TokenBody } from './wire';

export interface DollrClientOptions {
  /** https://api.heydollr.app, or our sandbox at …/sandbox/dollr */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Dollr: "request a new token when fewer than 5 minutes remain" (docs/providers.md, "Dollr"). */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
const MS_PER_MINUTE = 60_000;

/**
 * HTTP to the Dollr Open API: a client-credentials bearer token, cached and renewed before it
 * expires (`expires_in` is in minutes), JSON both ways. The secret and tokens are never logged.
 */
export function createDollrClient(options: DollrClientOptions) {
  const fetchFn = options.fetch ?? fetch;

  function send<T>(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<ProviderResponse<T>> {
    return requestProvider<T>('Dollr', fetchFn, `${options.baseUrl}${path}`, { method, headers: init.headers, body: init.body, timeoutMs: options.timeoutMs });
  }

  async function requestToken() {
    const response = await send<TokenBody>('POST', '/v1/jwt/client/obtain/token', { body: { client_id: options.clientId, client_secret: options.clientSecret } });
    if (response.status !== 200 || typeof response.body?.access_token !== 'string') {
      throw response.status === 401
        ? new ProviderError('rejected', 'INVALID_CLIENT_CREDENTIALS', 'Dollr refused the client credentials (DOLLR_CLIENT_ID / DOLLR_CLIENT_SECRET).')
        : errorFrom(response, 'issue an access token');
    }
    return { value: response.body.access_token, lifetimeMs: Number(response.body.expires_in) * MS_PER_MINUTE };
  }

  // A short-lived token is renewed halfway through rather than never used.
  const tokens = createTokenCache({ obtain: requestToken, refreshMarginMs: (lifetimeMs) => Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2) });

  return {
    /** An API call with the bearer token; a token Dollr no longer takes (401) is renewed once. */
    call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<ProviderResponse<T>> {
      return withBearer(tokens, (token) => send<T>(method, path, { body, headers: { Authorization: `Bearer ${token}` } }));
    },
    /** A call to our sandbox's control API (no Dollr equivalent). */
    control<T = ErrorBody>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) {
      return send<T>(method, `/control${path}`, { body });
    },
  };
}

export type DollrClient = ReturnType<typeof createDollrClient>;

/** The first validation issue of a FastAPI 422, e.g. `body.reference_id: reference_id already exists`. */
export function describeDetail(body: unknown): string | undefined {
  const detail = (body as ErrorBody | undefined)?.detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail) && detail[0]) return `${(detail[0].loc ?? []).join('.')}: ${detail[0].msg ?? detail[0].type ?? 'invalid'}`;
  return undefined;
}

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
};

/**
 * Turns an error answer into a ProviderError: `rejected` for a 4xx (Dollr refused; nothing
 * moved), `unavailable` for 5xx, 408 and 429 (Dollr failed or did not say).
 */
export function errorFrom(response: ProviderResponse<unknown>, doing: string): ProviderError {
  const transient = isTransientStatus(response.status);
  // A 422 with a list is pydantic's verdict on the request; with a message, a business rule (HTTP_422).
  const validation = response.status === 422 && Array.isArray((response.body as ErrorBody | undefined)?.detail);
  const code = validation ? 'VALIDATION_ERROR' : (CODE_BY_STATUS[response.status] ?? `HTTP_${response.status}`);
  const said = describeDetail(response.body);
  return new ProviderError(transient ? 'unavailable' : 'rejected', code, `Dollr refused to ${doing}: HTTP ${response.status}${said ? ` (${said})` : ''}.`);
}

/** A 422 that says this reference_id is taken: on a retry after a lost answer, it is ours. */
export function isDuplicateReference(response: ProviderResponse<unknown>): boolean {
  const detail = (response.body as ErrorBody | undefined)?.detail;
  return response.status === 422 && Array.isArray(detail) && detail.some((issue) => issue.loc?.at(-1) === 'reference_id' && /exist|duplicate/i.test(issue.msg ?? ''));
}

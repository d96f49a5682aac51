import { randomUUID } from 'node:crypto';
import { isTransientStatus, requestProvider, type ProviderResponse } from '../http';
import { createTokenCache, withBearer } from '../token-cache';
import { ProviderError } from '../types';
import type { MtnErrorBody, TokenBody } from './wire';

export interface MtnClientOptions {
  /** e.g. https://proxy.momoapi.mtn.com, or our sandbox at …/sandbox/mtn-momo */
  baseUrl: string;
  subscriptionKey: string;
  targetEnvironment: string;
  /** API user and key; when absent the client provisions a sandbox user (sandbox only). */
  apiUser?: string;
  apiKey?: string;
  /** The host MTN will call back; needed to provision a sandbox user. */
  callbackHost: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Refresh a token this long before MTN says it expires. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** HTTP to the MTN MoMo Open API: subscription key, API user credentials and the cached bearer token. */
export function createMtnClient(options: MtnClientOptions) {
  const fetchFn = options.fetch ?? fetch;
  let credentials: Promise<{ apiUser: string; apiKey: string }> | undefined;

  function send<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<ProviderResponse<T>> {
    return requestProvider<T>('MTN MoMo', fetchFn, `${options.baseUrl}${path}`, {
      method,
      headers: { 'Ocp-Apim-Subscription-Key': options.subscriptionKey, ...headers },
      body,
      timeoutMs: options.timeoutMs,
    });
  }

  async function provisionSandboxUser() {
    const apiUser = randomUUID();
    const created = await send('POST', '/v1_0/apiuser', { 'X-Reference-Id': apiUser }, { providerCallbackHost: options.callbackHost });
    if (created.status !== 201) throw errorFrom(created, 'provision the sandbox API user');
    const key = await send<{ apiKey: string }>('POST', `/v1_0/apiuser/${apiUser}/apikey`, {});
    if (key.status !== 201 || !key.body?.apiKey) throw errorFrom(key, 'create the sandbox API key');
    return { apiUser, apiKey: key.body.apiKey };
  }

  function getCredentials() {
    if (options.apiUser && options.apiKey) return Promise.resolve({ apiUser: options.apiUser, apiKey: options.apiKey });
    credentials ??= provisionSandboxUser().catch((err: unknown) => {
      credentials = undefined;
      throw err;
    });
    return credentials;
  }

  async function requestToken() {
    const { apiUser, apiKey } = await getCredentials();
    const basic = Buffer.from(`${apiUser}:${apiKey}`).toString('base64');
    const response = await send<TokenBody>('POST', '/collection/token/', { Authorization: `Basic ${basic}` });
    if (response.status !== 200 || !response.body?.access_token) throw errorFrom(response, 'obtain an access token');
    return { value: response.body.access_token, lifetimeMs: Number(response.body.expires_in) * 1_000 };
  }

  const tokens = createTokenCache({ obtain: requestToken, refreshMarginMs: () => TOKEN_REFRESH_MARGIN_MS });

  return {
    /** A Collection API call with a bearer token; a rejected token is renewed once. */
    collection<T>(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<ProviderResponse<T>> {
      return withBearer(tokens, (token) => send<T>(method, path, { Authorization: `Bearer ${token}`, 'X-Target-Environment': options.targetEnvironment, ...headers }, body));
    },
    /** A call to our sandbox's control API (no MTN equivalent). */
    control(path: string, body?: unknown) {
      return send<MtnErrorBody>('POST', `/control${path}`, {}, body);
    },
  };
}

export type MtnClient = ReturnType<typeof createMtnClient>;

/** MTN answers business refusals with 500 too; only these codes leave the outcome unknown. */
const UNKNOWN_OUTCOME_CODES = new Set(['INTERNAL_PROCESSING_ERROR', 'SERVICE_UNAVAILABLE']);

/** Turns an MTN error answer into a ProviderError: refused (nothing was done) or unavailable (unknown). */
export function errorFrom(response: ProviderResponse<unknown>, doing: string): ProviderError {
  const body = (response.body ?? {}) as MtnErrorBody & { error?: string };
  const code = body.code ?? body.error ?? `HTTP_${response.status}`;
  // 408 and 429 are the gateway's, not a verdict on the request.
  const transient = isTransientStatus(response.status);
  const refused = !transient || (body.code !== undefined && !UNKNOWN_OUTCOME_CODES.has(body.code));
  const kind = refused ? 'rejected' : 'unavailable';
  return new ProviderError(kind, code, `MTN MoMo refused to ${doing}: ${code}${body.message ? ` (${body.message})` : ''}.`);
}

/**
 * A provider's bearer token, cached and renewed shortly before it expires. However many calls
 * need a token at once, one token request is in flight; a token the provider rejects is
 * renewed once.
 *
 * @example
 * ```ts
 * const tokens = createTokenCache({ obtain: fetchToken, refreshMarginMs: () => 60_000 });
 * const response = await withBearer(tokens, (token) => send({ Authorization: `Bearer ${token}` }));
 * ```
 */
export interface TokenCacheOptions {
  /** Asks the provider for a new token; `lifetimeMs` is how long the provider says it lives. */
  obtain: () => Promise<{ value: string; lifetimeMs: number }>;
  /** How long before expiry to renew, given the token's lifetime. */
  refreshMarginMs: (lifetimeMs: number) => number;
}

export interface TokenCache {
  /** The cached token, or a new one when it is near expiry. */
  get(): Promise<string>;
  /** Forgets the token (the provider no longer takes it); the next `get()` asks for a new one. */
  invalidate(): void;
}

export function createTokenCache(options: TokenCacheOptions): TokenCache {
  let token: { value: string; refreshAt: number } | undefined;
  let tokenRequest: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    const { value, lifetimeMs } = await options.obtain();
    token = { value, refreshAt: Date.now() + lifetimeMs - options.refreshMarginMs(lifetimeMs) };
    return token.value;
  }

  return {
    get() {
      if (token && Date.now() < token.refreshAt) return Promise.resolve(token.value);
      tokenRequest ??= requestToken().finally(() => {
        tokenRequest = undefined;
      });
      return tokenRequest;
    },
    invalidate() {
      token = undefined;
    },
  };
}

/** Sends with the cached token; on a 401 the token is renewed and the call made once more. */
export async function withBearer<R extends { status: number }>(tokens: TokenCache, send: (token: string) => Promise<R>): Promise<R> {
  const response = await send(await tokens.get());
  if (response.status !== 401) return response;
  tokens.invalidate();
  return send(await tokens.get());
}

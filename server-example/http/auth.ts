import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ApiErrorBody, StatusUpdate } from '../../contract';
import type { CheckoutTokens } from '../token';
import { TokenError } from '../token';
import { ApiError, errorBody } from './errors';

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/** Compares digests so neither length nor content leaks through timing. */
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Merchant routes: `Authorization: Bearer <merchant API key>`. */
export function merchantAuth(options: { apiKey: string }): MiddlewareHandler {
  return async function requireMerchantKey(c, next) {
    const key = bearer(c.req.header('authorization'));
    if (!key) throw new ApiError(401, 'API_KEY_MISSING', 'Send the merchant API key as "Authorization: Bearer <key>".');
    if (!sameSecret(key, options.apiKey)) throw new ApiError(401, 'API_KEY_INVALID', 'The merchant API key is not valid.');
    await next();
  };
}

export type CheckoutTokenEnv = { Variables: { checkoutId: string; tokenExpiresAt: Date } };

export interface CheckoutTokenAuthOptions {
  tokens: CheckoutTokens;
  readsAfterExpiryMs?: number;
  /**
   * The checkout's status once final, else undefined: what a read with an expired but genuine
   * token still learns, so the payer's page shows the outcome the backend settled, not a guess.
   */
  finalStatusOf?: (checkoutId: string) => Promise<StatusUpdate | undefined>;
}

/**
 * Element routes: `Authorization: Bearer <checkout token>`; sets the checkout id the token is scoped to, and its expiry.
 * A GET only reads the checkout: it takes the token `readsAfterExpiryMs` past its `exp`, while the
 * backend may still settle the checkout (a payer's late approval). Anything else (a push to the
 * payer's phone) takes it only until `exp`: nothing new starts after the expiry.
 * A GET refused with `TOKEN_EXPIRED` carries the checkout's final status (`finalStatusOf`) when
 * it has one and the token's signature, issuer and audience are valid; nothing else of it.
 */
export function checkoutTokenAuth(options: CheckoutTokenAuthOptions): MiddlewareHandler<CheckoutTokenEnv> {
  return async function requireCheckoutToken(c, next) {
    const read = c.req.method === 'GET';
    const afterExpiryMs = read ? options.readsAfterExpiryMs : 0;
    try {
      const { checkoutId, expiresAt } = await options.tokens.verify(bearer(c.req.header('authorization')), { afterExpiryMs });
      c.set('checkoutId', checkoutId);
      c.set('tokenExpiresAt', expiresAt);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      const status = read && err.expiredCheckoutId ? await options.finalStatusOf?.(err.expiredCheckoutId) : undefined;
      if (!status) throw new ApiError(401, err.code, err.message);
      const body: ApiErrorBody = { ...errorBody(err.code, err.message), status };
      c.header('Cache-Control', 'no-store');
      return c.json(body, 401);
    }
    await next();
  };
}

import { SignJWT, jwtVerify, errors } from 'jose';
import { systemClock, type Clock } from './lifecycle/clock';

export const TOKEN_AUDIENCE = 'momo-checkout';
const ALGORITHM = 'HS256';

const EXPIRED_MESSAGE = 'The checkout token has expired; ask the merchant for a new checkout.';

export type TokenProblem = 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED';

export class TokenError extends Error {
  constructor(
    readonly code: TokenProblem,
    message: string,
    /**
     * `TOKEN_EXPIRED` only: the checkout an expired token was issued for, set only when its
     * signature, issuer and audience are valid (a forged or foreign token names nothing).
     */
    readonly expiredCheckoutId?: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface VerifiedToken {
  checkoutId: string;
  /** Its `exp`: the checkout's expiry. */
  expiresAt: Date;
}

export interface CheckoutTokens {
  /** A compact JWS for one checkout; it expires no later than `expiresAt`. */
  sign(checkoutId: string, expiresAt: Date, extra?: { locale?: string }): Promise<string>;
  /**
   * Returns the checkout the token was issued for and its expiry, or throws a TokenError.
   * `afterExpiryMs` accepts it that long past its `exp` (reads while the backend may still settle the checkout).
   */
  verify(token: string | undefined, options?: { afterExpiryMs?: number }): Promise<VerifiedToken>;
}

/**
 * The checkout an expired token names. jose checks the signature before any claim, and `iss` and
 * `aud` before `exp`; both are checked again here so that holds whatever jose's order.
 */
function verifiedSubject(err: InstanceType<typeof errors.JWTExpired>, issuer: string): string | undefined {
  const { sub, iss, aud } = err.payload;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (err.claim !== 'exp' || iss !== issuer || !audiences.includes(TOKEN_AUDIENCE)) return undefined;
  return typeof sub === 'string' && sub !== '' ? sub : undefined;
}

/** Signs and verifies checkout tokens with a shared secret (HS256). */
export function createCheckoutTokens(secret: string, issuer: string, clock: Clock = systemClock): CheckoutTokens {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(checkoutId, expiresAt, extra = {}) {
      return new SignJWT({ ...(extra.locale ? { locale: extra.locale } : {}) })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(checkoutId)
        .setIssuer(issuer)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt(Math.floor(clock.now() / 1000))
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
    },
    async verify(token, { afterExpiryMs = 0 } = {}) {
      if (!token) throw new TokenError('TOKEN_MISSING', 'A checkout token is required: send it as "Authorization: Bearer <token>".');
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          audience: TOKEN_AUDIENCE,
          issuer,
          requiredClaims: ['exp'],
          currentDate: new Date(clock.now()),
          // jose counts whole seconds; the exact end is checked below.
          clockTolerance: Math.ceil(afterExpiryMs / 1_000),
        });
        if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenError('TOKEN_INVALID', 'The checkout token names no checkout.');
        const expiresAt = new Date(payload.exp! * 1_000);
        if (clock.now() >= expiresAt.getTime() + afterExpiryMs) throw new TokenError('TOKEN_EXPIRED', EXPIRED_MESSAGE, payload.sub);
        return { checkoutId: payload.sub, expiresAt };
      } catch (err) {
        if (err instanceof TokenError) throw err;
        if (err instanceof errors.JWTExpired) throw new TokenError('TOKEN_EXPIRED', EXPIRED_MESSAGE, verifiedSubject(err, issuer));
        throw new TokenError('TOKEN_INVALID', 'The checkout token is not valid for this checkout service.');
      }
    },
  };
}

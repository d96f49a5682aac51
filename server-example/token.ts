import { SignJWT, compactVerify, jwtVerify, errors, type JWTPayload } from 'jose';
import { systemClock, type Clock } from './lifecycle/clock';

export const TOKEN_AUDIENCE = 'momo-checkout';
const ALGORITHM = 'HS256';

const INVALID_MESSAGE = 'The checkout token is not valid for this checkout service.';
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

/**
 * Who the tokens name as their issuer (`iss`): the base URL the element talks to. `name` is the
 * one tokens carry unless signed for another; `accepts` says which issuers this backend verifies.
 */
export interface TokenIssuer {
  name: string;
  accepts(iss: unknown): boolean;
}

/** One issuer only: the configured public URL (always in production). */
export function fixedIssuer(name: string): TokenIssuer {
  return { name, accepts: (iss) => iss === name };
}

/**
 * Outside production with no public URL configured, a token names whichever host the merchant
 * reached this backend at, so the element talks back to it: `name` (the default), or an http(s)
 * origin on this machine or its local network (localhost, 127.0.0.1, a LAN address, `*.local`).
 * Anything else (another deployment sharing the secret, a public tunnel) needs PUBLIC_BASE_URL.
 */
export function localNetworkIssuer(name: string): TokenIssuer {
  return { name, accepts: (iss) => iss === name || (typeof iss === 'string' && isOrigin(iss) && isLocalNetworkHost(new URL(iss).hostname)) };
}

/** `http(s)://host[:port]` and nothing more: no path, query, fragment or credentials. */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

/** Loopback, private (RFC 1918), link-local and unique-local addresses, `localhost` and mDNS `.local` names. */
function isLocalNetworkHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost') || hostname.endsWith('.local')) return true;
  const ipv4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(hostname);
  if (ipv4) {
    const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  return hostname === '[::1]' || /^\[f[cd]|^\[fe[89ab]/i.test(hostname);
}

export interface CheckoutTokens {
  /** A compact JWS for one checkout; it expires no later than `expiresAt`. */
  sign(checkoutId: string, expiresAt: Date, extra?: { locale?: string; issuer?: string }): Promise<string>;
  /**
   * The same token (checkout, expiry, locale) naming `issuer` instead: the host a merchant reached
   * us at. Unchanged when this backend would not accept that issuer.
   */
  reissue(token: string, issuer: string): Promise<string>;
  /**
   * Returns the checkout the token was issued for and its expiry, or throws a TokenError.
   * `afterExpiryMs` accepts it that long past its `exp` (reads while the backend may still settle the checkout).
   */
  verify(token: string | undefined, options?: { afterExpiryMs?: number }): Promise<VerifiedToken>;
}

/**
 * The checkout an expired token names. jose checks the signature before any claim and `aud`
 * before `exp`; `iss` is ours to check. Both are checked again here whatever jose's order.
 */
function verifiedSubject(err: InstanceType<typeof errors.JWTExpired>, issuer: TokenIssuer): string | undefined {
  const { sub, iss, aud } = err.payload;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (err.claim !== 'exp' || !issuer.accepts(iss) || !audiences.includes(TOKEN_AUDIENCE)) return undefined;
  return typeof sub === 'string' && sub !== '' ? sub : undefined;
}

/** How many verified tokens are kept: one per checkout being followed, far more than one instance serves at once. */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Tokens whose signature, audience and issuer were verified, by their exact string, least recently
 * used first: the element polls with the same token every few seconds, and HMAC verification
 * through jose costs more than the rest of a poll. Only the time is checked again on a hit.
 */
function verifiedTokens(maxKept: number) {
  const kept = new Map<string, { checkoutId: string; expiresAtMs: number }>();
  return {
    /** The token, if verified before and still taken `afterExpiryMs` past its expiry at `now`. */
    get(token: string, now: number, afterExpiryMs: number): VerifiedToken | undefined {
      const known = kept.get(token);
      if (!known) return undefined;
      kept.delete(token);
      // Past what this call takes: verified afresh, so the error is jose's and its checkout named.
      if (now >= known.expiresAtMs + afterExpiryMs) return undefined;
      kept.set(token, known);
      return { checkoutId: known.checkoutId, expiresAt: new Date(known.expiresAtMs) };
    },
    add(token: string, { checkoutId, expiresAt }: VerifiedToken) {
      kept.set(token, { checkoutId, expiresAtMs: expiresAt.getTime() });
      if (kept.size > maxKept) kept.delete(kept.keys().next().value!);
    },
  };
}

/** Signs and verifies checkout tokens with a shared secret (HS256). A string issuer is the only one accepted. */
export function createCheckoutTokens(secret: string, issuerOrName: string | TokenIssuer, clock: Clock = systemClock): CheckoutTokens {
  const key = new TextEncoder().encode(secret);
  const issuer = typeof issuerOrName === 'string' ? fixedIssuer(issuerOrName) : issuerOrName;
  const verified = verifiedTokens(VERIFIED_TOKENS_KEPT);
  return {
    async sign(checkoutId, expiresAt, extra = {}) {
      const name = extra.issuer ?? issuer.name;
      if (!issuer.accepts(name)) throw new Error(`Tokens cannot name ${name} as their issuer: this backend would refuse them.`);
      return new SignJWT({ ...(extra.locale ? { locale: extra.locale } : {}) })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(checkoutId)
        .setIssuer(name)
        .setAudience(TOKEN_AUDIENCE)
        .setIssuedAt(Math.floor(clock.now() / 1000))
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
    },
    async reissue(token, name) {
      if (!issuer.accepts(name)) return token;
      // The signature only: the token was just signed here, and its claims are carried over as they are.
      const verified = await compactVerify(token, key, { algorithms: [ALGORITHM] });
      const payload = JSON.parse(new TextDecoder().decode(verified.payload)) as JWTPayload;
      const locale = typeof payload.locale === 'string' ? payload.locale : undefined;
      return this.sign(payload.sub!, new Date(payload.exp! * 1_000), { issuer: name, ...(locale ? { locale } : {}) });
    },
    async verify(token, { afterExpiryMs = 0 } = {}) {
      if (!token) throw new TokenError('TOKEN_MISSING', 'A checkout token is required: send it as "Authorization: Bearer <token>".');
      const known = verified.get(token, clock.now(), afterExpiryMs);
      if (known) return known;
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          audience: TOKEN_AUDIENCE,
          requiredClaims: ['exp'],
          currentDate: new Date(clock.now()),
          // jose counts whole seconds; the exact end is checked below.
          clockTolerance: Math.ceil(afterExpiryMs / 1_000),
        });
        if (!issuer.accepts(payload.iss)) throw new TokenError('TOKEN_INVALID', INVALID_MESSAGE);
        if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenError('TOKEN_INVALID', 'The checkout token names no checkout.');
        const expiresAt = new Date(payload.exp! * 1_000);
        if (clock.now() >= expiresAt.getTime() + afterExpiryMs) throw new TokenError('TOKEN_EXPIRED', EXPIRED_MESSAGE, payload.sub);
        verified.add(token, { checkoutId: payload.sub, expiresAt });
        return { checkoutId: payload.sub, expiresAt };
      } catch (err) {
        if (err instanceof TokenError) throw err;
        // Checked here as jose checked a configured issuer: before the expiry, so a foreign token stays invalid.
        if (err instanceof errors.JWTExpired && issuer.accepts(err.payload.iss)) throw new TokenError('TOKEN_EXPIRED', EXPIRED_MESSAGE, verifiedSubject(err, issuer));
        throw new TokenError('TOKEN_INVALID', INVALID_MESSAGE);
      }
    },
  };
}

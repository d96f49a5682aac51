import { isFinalStatus } from '../../contract';
import type { CheckoutRecord } from '../store/types';
import type { CheckoutTokens } from '../token';

/**
 * A fresh token for each page, signed as a create signs one: valid until the checkout expires.
 * A final checkout's (paid, cancelled, expired, failed) is already past its `exp` when minted:
 * it still reads the session and status for the settle window (its panel, its receipt), and
 * every later read learns the final status, but it can pay nothing.
 */
export async function pageToken(tokens: CheckoutTokens, checkout: CheckoutRecord, nowMs: number, issuer: string | undefined): Promise<string> {
  const expiresAtMs = Date.parse(checkout.expiresAt);
  const expiresAt = new Date(isFinalStatus(checkout.status) ? Math.min(nowMs, expiresAtMs) : expiresAtMs);
  const token = await tokens.sign(checkout.id, expiresAt, checkout.locale ? { locale: checkout.locale } : {});
  // As for a create: the host the page was opened at, when this backend accepts it as an issuer.
  return issuer ? tokens.reissue(token, issuer) : token;
}

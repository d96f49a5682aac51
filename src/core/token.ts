/**
 * The checkout token is a compact JWS signed by the backend. The element only *reads* its
 * payload to learn where to talk (`iss`) and which checkout it is (`sub`); the backend
 * verifies signature, audience and expiry on every request, so nothing here is trusted.
 */

import { isHttpUrl } from './url.js';

export interface TokenClaims {
  /** Backend base URL, e.g. `https://pay.example.com`. */
  iss: string;
  /** Checkout id. */
  sub: string;
  /** Expiry, seconds since the epoch. */
  exp?: number;
  /** The checkout's language, e.g. `pt-AO`, when the merchant set one. */
  locale?: string;
}

export type TokenResult = { ok: true; claims: TokenClaims } | { ok: false; problem: string };

/** Decodes (never verifies) a compact JWS. A malformed token is data, not an exception. */
export function decodeToken(token: string): TokenResult {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((part) => part === '')) {
    return { ok: false, problem: 'not a compact JWS (expected three dot-separated parts)' };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(base64UrlDecode(parts[1]!));
  } catch {
    return { ok: false, problem: 'the payload is not base64url-encoded JSON' };
  }
  if (typeof payload !== 'object' || payload === null) {
    return { ok: false, problem: 'the payload is not a JSON object' };
  }
  const { iss, sub, exp, locale } = payload as Record<string, unknown>;
  if (typeof iss !== 'string' || !isHttpUrl(iss)) {
    return { ok: false, problem: 'the "iss" claim is not an http(s) URL' };
  }
  if (typeof sub !== 'string' || sub === '') {
    return { ok: false, problem: 'the "sub" claim is missing' };
  }
  if (exp !== undefined && typeof exp !== 'number') {
    return { ok: false, problem: 'the "exp" claim is not a number' };
  }
  const claims: TokenClaims = { iss, sub };
  if (exp !== undefined) claims.exp = exp;
  if (typeof locale === 'string') claims.locale = locale; // a hint only: ignored when not a string
  return { ok: true, claims };
}

function base64UrlDecode(segment: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) throw new Error('not base64url');
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

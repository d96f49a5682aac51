import { createHash } from 'node:crypto';
import type { Store } from '../store/types';
import { ApiError } from './errors';
import type { Clock } from '../lifecycle/clock';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Longer than any create can take (two 30 s provider calls); an older unfinished claim died with its request. */
const STALE_CLAIM_MS = 5 * 60_000;

/** A JSON value with object keys sorted, so that key order does not make two bodies differ. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * Runs `handler` once per Idempotency-Key: the same key with the same body gets the first
 * answer again; with another body, 409. Server-side failures (5xx) free the key for a retry.
 */
export async function idempotent(
  store: Store,
  clock: Clock,
  scope: string,
  key: string | undefined,
  body: unknown,
  handler: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!key) throw new ApiError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header so that a retried request cannot create a second payment.');
  if (!KEY_PATTERN.test(key)) throw new ApiError(400, 'IDEMPOTENCY_KEY_INVALID', 'The Idempotency-Key must be 1–255 visible ASCII characters.');
  const requestHash = createHash('sha256').update(canonical(body)).digest('hex');
  const now = clock.now();
  const claim = await store.claimIdempotencyKey(scope, key, requestHash, new Date(now).toISOString(), new Date(now - STALE_CLAIM_MS).toISOString());
  if (claim.state !== 'claimed') {
    if (claim.requestHash !== requestHash) {
      throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request body.');
    }
    if (claim.state === 'in_progress') {
      throw new ApiError(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed; retry shortly.');
    }
    return { status: claim.responseStatus, body: JSON.parse(claim.responseBody), replayed: true };
  }
  let response: StoredResponse;
  try {
    response = await handler();
  } catch (err) {
    await store.releaseIdempotencyKey(scope, key);
    throw err;
  }
  if (response.status >= 500) await store.releaseIdempotencyKey(scope, key);
  else await store.completeIdempotencyKey(scope, key, response.status, JSON.stringify(response.body));
  return { ...response, replayed: false };
}

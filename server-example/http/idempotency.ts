import { createHash, randomUUID } from 'node:crypto';
import { ClaimLostError, type IdempotencyHold, type Store } from '../store/types';
import { ApiError, errorBody } from './errors';
import type { Clock } from '../lifecycle/clock';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/**
 * How long a claim holds its key: longer than any create takes (two provider calls at their 30 s
 * timeout, and the writes around them), short enough that a retry after a crash soon takes over.
 * A claim still unfinished past it died with its request (a killed process): the next request
 * with the key resumes it.
 */
export const IDEMPOTENCY_LEASE_MS = 75_000;
/** What a 409 IDEMPOTENCY_KEY_IN_USE asks to wait: a live request mostly ends within it. */
export const IN_USE_RETRY_AFTER_SECONDS = 2;

/** A JSON value with object keys sorted, so that key order does not make two bodies differ. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a key is bound to: the request body, whatever the order of its keys. */
export const requestHash = (body: unknown): string => createHash('sha256').update(canonical(body)).digest('hex');

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** What a handler runs under: the claim to write with what it creates, and what a dead holder left. */
export interface IdempotentRun {
  /** Written with the checkout or payout (`CreationRecord.idempotency`): the claim then names it, if it is still this request's. */
  claim: IdempotencyHold;
  /** The claim was taken over from a request that died: its checkout or payout, if it created one. Finish that one; never make another. */
  resumed?: { subjectId?: string };
}

export interface IdempotentResponse extends StoredResponse {
  replayed: boolean;
  /** Seconds to wait before retrying (a 409 IDEMPOTENCY_KEY_IN_USE): the `Retry-After` header. */
  retryAfter?: number;
}

/** Another request holds the key: it will answer; this one may retry shortly. */
function inUse(): IdempotentResponse {
  const message = 'A request with this Idempotency-Key is still being processed; retry shortly.';
  return { status: 409, body: errorBody('IDEMPOTENCY_KEY_IN_USE', message), replayed: false, retryAfter: IN_USE_RETRY_AFTER_SECONDS };
}

/**
 * Runs `handler` once per Idempotency-Key: the same key with the same body gets the first
 * answer again; with another body, 409. A 5xx answer frees the key for a retry (the handler says
 * so only when nothing is left at the provider); so does a 4xx it throws. Any other throw leaves the
 * claim to lapse: whatever the handler created is then finished by the retry that takes it over.
 */
export async function idempotent(
  store: Store,
  clock: Clock,
  scope: string,
  key: string | undefined,
  body: unknown,
  handler: (run: IdempotentRun) => Promise<StoredResponse>,
): Promise<IdempotentResponse> {
  if (!key) throw new ApiError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header so that a retried request cannot create a second payment.');
  if (!KEY_PATTERN.test(key)) throw new ApiError(400, 'IDEMPOTENCY_KEY_INVALID', 'The Idempotency-Key must be 1–255 visible ASCII characters.');
  const hash = requestHash(body);
  const now = clock.now();
  const hold: IdempotencyHold = { scope, key, holder: randomUUID() };
  const claim = await store.claimIdempotencyKey(hold, hash, new Date(now).toISOString(), new Date(now + IDEMPOTENCY_LEASE_MS).toISOString());
  if (claim.state !== 'claimed') {
    if (claim.requestHash !== hash) {
      throw new ApiError(409, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request body.');
    }
    if (claim.state === 'in_progress') return inUse();
    if (claim.state === 'done') return { status: claim.responseStatus, body: JSON.parse(claim.responseBody), replayed: true };
  }
  const run: IdempotentRun = { claim: hold, ...(claim.state === 'resumed' ? { resumed: claim.subjectId ? { subjectId: claim.subjectId } : {} } : {}) };
  let response: StoredResponse;
  try {
    response = await handler(run);
  } catch (err) {
    // This request outlived its lease and another retry holds the key now: that one answers.
    if (err instanceof ClaimLostError) return inUse();
    // Refused before anything was made (422 EXPIRY_TOO_LONG): the key is free again. Anything else
    // may have left a checkout or a provider call behind: the claim lapses, and a retry resumes it.
    if (err instanceof ApiError && err.status < 500) await store.releaseIdempotencyKey(hold);
    // Anything else (a provider that cannot say yet): the next request with the key resumes it at once.
    else await store.lapseIdempotencyKey(hold);
    throw err;
  }
  // A request slower than its lease may have been taken over meanwhile: the store then leaves the
  // claim to its new holder (it answers for the same checkout), and this answer is not kept.
  if (response.status >= 500) await store.releaseIdempotencyKey(hold);
  else await store.completeIdempotencyKey(hold, response.status, JSON.stringify(response.body));
  return { ...response, replayed: false };
}

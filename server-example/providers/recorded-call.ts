import { isoNow, type Clock } from '../lifecycle/clock';
import type { Store } from '../store/types';
import { ProviderError } from './types';

/** A provider call as it is written down before it is sent. */
export interface OutboundCallRecord {
  /** The call's id at the provider (MTN's X-Reference-Id, Dollr's reference_id). */
  referenceId: string;
  /** The checkout or payout the call is for (kept in `outbound_calls.checkout_id`, named before payouts existed). */
  ownerId: string;
  provider: string;
  operation: string;
}

/**
 * Runs a provider call whose reference id is stored first, so a lost answer can be looked up
 * by it, and records how the call ended (`ok`, `rejected:CODE`, `unavailable:CODE`, `error`).
 */
export async function recordedCall<T>(
  store: Pick<Store, 'recordOutboundCall' | 'completeOutboundCall'>,
  clock: Clock,
  { referenceId, ownerId, provider, operation }: OutboundCallRecord,
  send: (referenceId: string) => Promise<T>,
): Promise<T> {
  await store.recordOutboundCall({ referenceId, checkoutId: ownerId, provider, operation, createdAt: isoNow(clock) });
  try {
    const result = await send(referenceId);
    await store.completeOutboundCall(referenceId, 'ok', isoNow(clock));
    return result;
  } catch (err) {
    await store.completeOutboundCall(referenceId, err instanceof ProviderError ? `${err.kind}:${err.providerCode}` : 'error', isoNow(clock));
    throw err;
  }
}

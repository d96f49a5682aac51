import { AsyncLocalStorage } from 'node:async_hooks';
import { isoNow, type Clock } from '../lifecycle/clock';
import type { OutboundCall, Store } from '../store/types';
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

/** The recorded call an adapter's code runs inside: where what it learns mid-call is noted. */
const currentCall = new AsyncLocalStorage<{ note(providerReference: string): Promise<void> }>();

/**
 * Inside a recorded call, before the step that cannot be undone: stores what the provider will
 * know the payment by, learnt mid-call (Dollr: the invoice an execution pays), so that should the
 * process die before the answer, a restart asks the provider by it (`Store.unfinishedCall`).
 * Outside one (an adapter driven directly, in a test) there is nowhere to note it: nothing happens.
 */
export function noteProviderReference(providerReference: string): Promise<void> {
  return currentCall.getStore()?.note(providerReference) ?? Promise.resolve();
}

/** The row `outbound_calls` keeps of a call, as it is written before the call is sent. */
export function outboundCall(clock: Clock, { referenceId, ownerId, provider, operation }: OutboundCallRecord): OutboundCall {
  return { referenceId, checkoutId: ownerId, provider, operation, createdAt: isoNow(clock) };
}

/**
 * Runs a provider call whose reference id is stored first, so a lost answer can be looked up
 * by it, and records how the call ended (`ok`, `rejected:CODE`, `unavailable:CODE`, `error`).
 */
export async function recordedCall<T>(
  store: Pick<Store, 'recordOutboundCall' | 'completeOutboundCall' | 'noteOutboundCall'>,
  clock: Clock,
  call: OutboundCallRecord,
  send: (referenceId: string) => Promise<T>,
): Promise<T> {
  await store.recordOutboundCall(outboundCall(clock, call));
  return sendRecordedCall(store, clock, call.referenceId, send);
}

/**
 * Sends a call already recorded (written with what it is made for, `CreationRecord.call`; or sent
 * again under the same reference id after the provider confirmed it holds nothing) and records how
 * it ended. `keep` stores what the answer brings before the call is marked ended: should the process
 * die in between, the call is still unfinished, and whoever takes over asks the provider about it.
 */
export async function sendRecordedCall<T>(
  store: Pick<Store, 'completeOutboundCall' | 'noteOutboundCall'>,
  clock: Clock,
  referenceId: string,
  send: (referenceId: string) => Promise<T>,
  keep: (result: T) => Promise<void> = async () => {},
): Promise<T> {
  let result: T;
  try {
    const note = (providerReference: string) => store.noteOutboundCall(referenceId, providerReference);
    result = await currentCall.run({ note }, () => send(referenceId));
  } catch (err) {
    await store.completeOutboundCall(referenceId, err instanceof ProviderError ? `${err.kind}:${err.providerCode}` : 'error', isoNow(clock));
    throw err;
  }
  // A failure to keep the answer leaves the call unfinished: it is asked about again, never taken as ended.
  await keep(result);
  await store.completeOutboundCall(referenceId, 'ok', isoNow(clock));
  return result;
}

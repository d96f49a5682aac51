import assert from 'node:assert/strict';
import type { CheckoutStatus } from '../../contract';
import type { ManualClock } from './clock';
import { readStatusEvents, type TestServer } from './helpers';

/** The shortest expiry the API takes. */
export const SHORTEST_EXPIRY_S = 60;

/** A checkout as `GET /v1/checkouts` lists it. */
export interface ListedCheckout {
  id: string;
  provider: string;
  method: string;
  reference: string;
  status: CheckoutStatus;
  reason?: string;
  createdAt: string;
  resolution?: { outcome: string; note?: string; source: string; resolvedAt: string; providerTransactionId?: string };
  events?: unknown;
}

/** Acts as the payer at the sandbox and waits, on the checkout's status stream, for the status that follows. */
export async function settleAtSandbox(server: TestServer, checkout: { id: string; token: string }, action: 'approve' | 'decline' | 'expire', until: CheckoutStatus) {
  const seen = readStatusEvents(server, checkout.token, (update) => update.status === until);
  assert.equal((await server.sandbox(`/checkouts/${checkout.id}/${action}`)).status, 202);
  assert.equal((await seen).at(-1)?.status, until);
}

/**
 * Makes every checkout created with `SHORTEST_EXPIRY_S`, and left open at the provider, an
 * `outcome_unknown` one the way the reconciler does (a server started with `giveUpAfterMs: 0`
 * and `reconcile: false`): its expiry passes, the provider still calls it open, so a person
 * must look (STILL_OPEN). Checkouts with a longer expiry stay as they are.
 */
export async function expireStillOpen(server: TestServer, clock: ManualClock) {
  clock.advance((SHORTEST_EXPIRY_S + 1) * 1000);
  await server.reconciler.runOnce();
}

export async function listCheckouts(server: TestServer, query: string) {
  const response = await server.merchant(`/v1/checkouts${query ? `?${query}` : ''}`);
  const body = (await response.json()) as { data: ListedCheckout[]; nextCursor: string | null; error?: { code: string; message: string } };
  return { status: response.status, body };
}

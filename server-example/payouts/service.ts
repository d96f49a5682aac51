import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { MINOR_UNITS } from '../money';
import { outboundCall, sendRecordedCall, type OutboundCallRecord } from '../providers/recorded-call';
import { ProviderError, type PayoutCapability, type PayoutStatus, type ProviderAdapter } from '../providers/types';
import { countryIn, ruleIn } from '../phones/checkout-country';
import { readPhone } from '../phones/read';
import type { Clock } from '../lifecycle/clock';
import type { PayoutLifecycle } from '../lifecycle/payouts';
import type { IdempotencyHold, PayoutRecord, Store } from '../store/types';

export interface CreatePayoutInput {
  provider: string;
  phone: string;
  amount: string;
  currency: string;
  reference: string;
  name?: string;
}

export interface PayoutServiceDeps {
  store: Store;
  lifecycle: PayoutLifecycle;
  clock: Clock;
  providers: ReadonlyMap<string, ProviderAdapter>;
  log: Logger;
  firstPollDelayMs: number;
}

/** What a payout is created under: the Idempotency-Key's claim, written in the same transaction (CreationRecord). */
export interface CreatePayoutUnder {
  idempotency?: IdempotencyHold;
}

/**
 * A payout whose answer was lost and that the provider still does not know this long after
 * (far beyond any request's timeout) never reached it.
 */
export const UNKNOWN_PAYOUT_GIVE_UP_MS = 15 * 60_000;

/** A request the provider's declared capability does not take; nothing was stored or sent. */
export class PayoutRequestError extends Error {
  constructor(
    readonly code: 'UNSUPPORTED_PROVIDER' | 'UNSUPPORTED_CURRENCY' | 'INVALID_PHONE',
    message: string,
  ) {
    super(message);
    this.name = 'PayoutRequestError';
  }
}

/** The provider could not be reached and has no such payout: it is failed, and may be asked for again. */
export class PayoutNotSentError extends Error {
  constructor(
    readonly payout: PayoutRecord,
    readonly providerError: ProviderError,
  ) {
    super(providerError.message);
    this.name = 'PayoutNotSentError';
  }
}

/** Payouts: checked against the provider's capability, sent once by a stored reference id, settled by polling. */
export function createPayoutService(deps: PayoutServiceDeps) {
  const { store, providers, log, clock } = deps;
  const applyStatus = deps.lifecycle.apply;

  function capabilityFor(provider: string): PayoutCapability {
    const capability = providers.get(provider)?.payouts;
    if (!capability) {
      const offering = [...providers.values()].filter((adapter) => adapter.payouts).map((adapter) => adapter.id);
      throw new PayoutRequestError('UNSUPPORTED_PROVIDER', `Provider "${provider}" makes no payouts here. Payouts: ${offering.join(', ') || 'none'}.`);
    }
    return capability;
  }

  /** The provider's capability, and the recipient's number read as the checkout's phones are: in the payout currency's country. */
  function check(input: CreatePayoutInput): { capability: PayoutCapability; phone: string } {
    const capability = capabilityFor(input.provider);
    if (!capability.currencies.includes(input.currency) || MINOR_UNITS[input.currency] === undefined) {
      throw new PayoutRequestError('UNSUPPORTED_CURRENCY', `${input.provider} pays out ${capability.currencies.join(', ')}, not ${input.currency}.`);
    }
    const reading = readPhone(input.phone, ruleIn(capability.phone, countryIn(providers.get(input.provider), input.currency)));
    if (!reading.ok) throw new PayoutRequestError('INVALID_PHONE', `${input.provider} does not pay out ${input.currency} to this number. ${reading.message}`);
    return { capability, phone: reading.digits };
  }

  const callOf = (payout: PayoutRecord): OutboundCallRecord => ({ referenceId: payout.referenceId, ownerId: payout.id, provider: payout.provider, operation: `${payout.provider}.payout` });

  /** Sends the payout under its stored reference id (recorded with it); every answer but a definite one leaves it to the provider's word. */
  async function send(capability: PayoutCapability, payout: PayoutRecord, name: string | undefined): Promise<PayoutStatus | ProviderError> {
    try {
      return await sendRecordedCall(store, clock, payout.referenceId, async (referenceId) => {
        try {
          return await capability.send({ referenceId, phone: payout.phone, amount: payout.amount, currency: payout.currency, name });
        } catch (err) {
          if (err instanceof ProviderError) throw err;
          // A bug after the request left would not undo it: treated as an unknown outcome.
          log.error({ payoutId: payout.id, err }, 'payout send failed unexpectedly');
          throw new ProviderError('unavailable', 'ERROR', 'The payout failed unexpectedly.');
        }
      });
    } catch (err) {
      // The provider's verdict is data here; a store failure is not and goes up.
      if (err instanceof ProviderError) return err;
      throw err;
    }
  }

  /** Sends the stored payout and applies what came of it. Throws PayoutNotSentError when the provider has none. */
  async function sendAndSettle(capability: PayoutCapability, payout: PayoutRecord, name: string | undefined): Promise<PayoutRecord> {
    const sent = await send(capability, payout, name);
    if (!(sent instanceof ProviderError)) return applyStatus(payout.id, sent, 'create');
    if (sent.kind === 'rejected') {
      log.warn({ payoutId: payout.id, code: sent.providerCode, err: sent.message }, 'provider refused the payout');
      return applyStatus(payout.id, { status: 'failed', reason: 'provider_error', raw: `SEND:${sent.providerCode}` }, 'create');
    }
    // The outcome is unknown: the provider's word by our reference id decides, now or later.
    const known = await capability.fetchStatus(payout.referenceId).catch(() => null);
    if (known === null) {
      log.warn({ payoutId: payout.id, code: sent.providerCode }, 'payout outcome unknown; the reconciler will ask');
      return payout;
    }
    if (known) return applyStatus(payout.id, known, 'create');
    const failed = await applyStatus(payout.id, { status: 'failed', reason: 'provider_error', raw: `SEND:${sent.providerCode}` }, 'create');
    throw new PayoutNotSentError(failed, sent);
  }

  return {
    /**
     * Checks the request against the provider's capability, stores the payout and its reference
     * id (with its key's claim and the send call, in one transaction), then sends it. Throws
     * PayoutRequestError (nothing stored) or PayoutNotSentError.
     */
    async create(input: CreatePayoutInput, under: CreatePayoutUnder = {}): Promise<PayoutRecord> {
      const { capability, phone } = check(input);
      const now = new Date(clock.now());
      const payout: PayoutRecord = {
        id: `po_${randomUUID().replaceAll('-', '')}`,
        provider: input.provider,
        amount: input.amount,
        currency: input.currency,
        reference: input.reference,
        phone,
        status: 'processing',
        referenceId: randomUUID(),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: 0,
        nextPollAt: new Date(now.getTime() + deps.firstPollDelayMs).toISOString(),
        pollAttempts: 0,
      };
      await store.insertPayout(payout, { ...(under.idempotency ? { idempotency: under.idempotency } : {}), call: outboundCall(clock, callOf(payout)) });
      return sendAndSettle(capability, payout, input.name);
    },

    /**
     * The payout of a request that died (its Idempotency-Key's claim lapsed and the retry `input`
     * took it over): finished, never sent twice. A send that never ended is asked about by the
     * payout's reference id; only when the provider confirms it has none is it sent again, under the
     * same id. Throws ProviderError when the provider cannot say (try later), PayoutNotSentError as create.
     */
    async resumeCreate(payoutId: string, input: CreatePayoutInput): Promise<PayoutRecord> {
      const payout = await store.getPayout(payoutId);
      if (!payout) throw new Error(`Payout ${payoutId}, named by an Idempotency-Key's claim, does not exist.`);
      if (payout.status !== 'processing') return payout;
      const capability = capabilityFor(payout.provider);
      // A send that ended had its answer applied, or left the outcome to the reconciler's polls.
      if (!(await store.unfinishedCall(payout.id, callOf(payout).operation))) return payout;
      const known = await capability.fetchStatus(payout.referenceId);
      if (known) return applyStatus(payout.id, known, 'create');
      log.warn({ payoutId, provider: payout.provider }, 'a payout whose request died mid-call never reached the provider: sent again under its reference id');
      return sendAndSettle(capability, payout, input.name);
    },

    /** The reconciler's poll: the provider's word, or failed once it has long not known the payout. */
    async poll(payout: PayoutRecord): Promise<PayoutRecord> {
      const update = await capabilityFor(payout.provider).fetchStatus(payout.referenceId);
      if (update) return applyStatus(payout.id, update, 'poll');
      if (clock.now() - Date.parse(payout.createdAt) < UNKNOWN_PAYOUT_GIVE_UP_MS) return payout;
      return applyStatus(payout.id, { status: 'failed', reason: 'provider_error', raw: 'UNKNOWN_TO_PROVIDER' }, 'poll');
    },
  };
}

export type PayoutService = ReturnType<typeof createPayoutService>;

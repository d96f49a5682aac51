import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { isFinalStatus } from '../../contract';
import { isoNow, systemClock, type Clock } from '../lifecycle/clock';
import { createCheckoutLifecycle } from '../lifecycle/checkouts';
import { UNKNOWN_OUTCOME, type StatusSource } from '../lifecycle/rules';
import type { StatusBus } from '../status-bus';
import type { CheckoutTokens } from '../token';
import { outboundCall, recordedCall, sendRecordedCall } from '../providers/recorded-call';
import { FeeChangedError, ProviderError, type CreatedPayment, type MethodCapabilities, type PayerAction, type ProviderAdapter, type ProviderStatus } from '../providers/types';
import type { CheckoutRecord, IdempotencyHold, PushAttempt, Store } from '../store/types';
import { maskedPhone } from './masked-phone';
import { checkExpiry } from './expiry-limit';
import { findLostCreate } from './lost-create';

export type CreateCheckoutInput = Pick<CheckoutRecord, 'provider' | 'method' | 'amount' | 'currency' | 'reference'> &
  Partial<Pick<CheckoutRecord, 'description' | 'payer' | 'items' | 'locale' | 'metadata'>> & { expiresInSeconds?: number };

export interface CheckoutServiceDeps {
  store: Store;
  providers: ReadonlyMap<string, ProviderAdapter>;
  tokens: CheckoutTokens;
  bus: StatusBus;
  log: Logger;
  /** The backend's time; the system clock unless a test drives it. */
  clock?: Clock;
  /** Called after each commit that wrote a merchant webhook (the webhook worker's wake-up). */
  onOutbox?(): void;
  /** Base of `/v1/callbacks/{provider}` as the provider must call it. */
  callbackBaseUrl: string;
  firstPollDelayMs: number;
}

export const DEFAULT_EXPIRES_IN_SECONDS = 15 * 60;

/** What a checkout is created under: the Idempotency-Key's claim, written in the same transaction (CreationRecord). */
export interface CreateUnder {
  idempotency?: IdempotencyHold;
}

export interface CreatedCheckout {
  checkout: CheckoutRecord;
  token: string;
}

/** The code of a pay refused because a push is live (or may be): never two on one checkout. */
export const PUSH_LIVE = 'PUSH_LIVE';

/** The raw status of a checkout its create failed: `CREATE:<the provider's code>`. */
const CREATE_FAILED = 'CREATE:';

/** Thrown when a checkout cannot be created because the provider refused or failed; the checkout is failed. */
export class CheckoutCreationError extends Error {
  constructor(
    readonly checkout: CheckoutRecord,
    readonly providerError: ProviderError,
  ) {
    super(providerError.message);
    this.name = 'CheckoutCreationError';
  }
}

/** Checkouts at their providers: create, push, confirm, close; every change of status goes through the lifecycle. */
export function createCheckoutService(deps: CheckoutServiceDeps) {
  const { store, providers, tokens, bus, log } = deps;
  const clock = deps.clock ?? systemClock;

  function adapterFor(checkout: Pick<CheckoutRecord, 'provider'>): ProviderAdapter {
    const adapter = providers.get(checkout.provider);
    if (!adapter) throw new Error(`No adapter for provider ${checkout.provider}`);
    return adapter;
  }

  function methodOf(checkout: Pick<CheckoutRecord, 'provider' | 'method'>): MethodCapabilities | undefined {
    const methods = providers.get(checkout.provider)?.methods;
    return methods && Object.hasOwn(methods, checkout.method) ? methods[checkout.method] : undefined;
  }

  const lifecycle = createCheckoutLifecycle({
    store,
    clock,
    bus,
    log,
    methodOf,
    firstPollDelayMs: deps.firstPollDelayMs,
    onPushEnded: withdrawAtEnd,
    ...(deps.onOutbox ? { onOutbox: deps.onOutbox } : {}),
  });
  const applyStatus = lifecycle.apply;

  /**
   * What the checkout's ended pushes left payable at the provider (a Dollr invoice) is withdrawn;
   * what cannot be yet stays open, asked again on the next poll. One found paid after all (the
   * payer paid the lapsed invoice) gives its word, about that push: money moved, so it is the
   * checkout's outcome (decidePushWord), once.
   */
  async function withdrawEndedPushes(checkout: CheckoutRecord): Promise<ProviderStatus | undefined> {
    const open = await store.endedPushes(checkout.id, { open: true });
    if (open.length === 0) return undefined;
    const adapter = adapterFor(checkout);
    for (const ended of open) {
      const outcome = adapter.withdrawEnded ? await adapter.withdrawEnded(checkout, ended.providerReference).catch(() => ({ state: 'open' }) as const) : ({ state: 'withdrawn' } as const);
      if (outcome.state === 'open') {
        log.warn({ checkoutId: checkout.id, provider: checkout.provider, providerReference: ended.providerReference }, 'an ended push left something payable that could not be withdrawn yet');
        continue;
      }
      await store.settleEndedPush(ended.provider, ended.providerReference, isoNow(clock));
      if (outcome.state === 'paid') {
        log.warn({ checkoutId: checkout.id, provider: checkout.provider, providerReference: ended.providerReference }, 'an ended push was paid after all');
        return { ...outcome.status, aboutPush: ended.pushId };
      }
    }
    return undefined;
  }

  /** As a push ends: withdrawn at once, and applied should it turn out paid. */
  async function withdrawAtEnd(checkoutId: string): Promise<void> {
    const checkout = await store.getCheckout(checkoutId);
    const word = checkout && (await withdrawEndedPushes(checkout));
    if (word) await applyStatus(checkoutId, word, 'poll');
  }

  /** Asks the provider for its word and applies it. A callback only ever triggers this. */
  async function confirm(checkout: CheckoutRecord, source: StatusSource): Promise<CheckoutRecord> {
    const update = await adapterFor(checkout).fetchStatus(checkout, source === 'poll' || source === 'expiry' ? 'routine' : 'payer');
    return update ? applyStatus(checkout.id, aboutItsPush(update, checkout), source) : checkout;
  }

  /**
   * Closes a payment at the provider, then records `outcome`. When the provider refuses (the
   * payer paid a moment ago, say), its own word decides; when it cannot say, nothing changes.
   */
  async function closeAtProvider(checkout: CheckoutRecord, source: StatusSource, outcome: ProviderStatus): Promise<CheckoutRecord> {
    const adapter = adapterFor(checkout);
    if (!adapter.cancel) throw new ProviderError('rejected', 'CANCEL_UNSUPPORTED', `${checkout.provider} payments cannot be cancelled.`);
    // What ended pushes left payable is closed too; one paid after all is the outcome.
    const paidBefore = await withdrawEndedPushes(checkout);
    if (paidBefore) return applyStatus(checkout.id, paidBefore, source);
    try {
      await callFor(checkout, 'cancel', (referenceId) => adapter.cancel!(checkout, referenceId));
    } catch (err) {
      const confirmed = await confirm(checkout, source);
      if (isFinalStatus(confirmed.status)) return confirmed;
      throw err;
    }
    return applyStatus(checkout.id, outcome, source);
  }

  /** The provider's word, marked as about the push the checkout had when it was asked: a later push is never moved by it. */
  function aboutItsPush(update: ProviderStatus, checkout: CheckoutRecord): ProviderStatus {
    return checkout.push ? { ...update, aboutPush: checkout.push.id } : update;
  }

  /** What the session tells of a push about to go: the masked number, when, and what the provider documents of it. */
  function newPush(checkout: CheckoutRecord, phone: string, at: number): PushAttempt {
    const facts = methodOf(checkout)?.push;
    return {
      id: randomUUID(),
      to: maskedPhone(phone),
      at: new Date(at).toISOString(),
      ...(facts?.liveForMs ? { liveUntil: new Date(at + facts.liveForMs).toISOString() } : {}),
      ...(facts?.approvalsCode ? { approvalsCode: facts.approvalsCode } : {}),
    };
  }

  /** A provider call for this checkout under a new reference id, stored before it is sent. */
  function callFor<T>(checkout: CheckoutRecord, operation: string, send: (referenceId: string) => Promise<T>): Promise<T> {
    return recordedCall(store, clock, { referenceId: randomUUID(), ownerId: checkout.id, provider: checkout.provider, operation }, send);
  }

  /** Why no push goes now: one is live (or may be: its answer was lost), or the checkout moved on. */
  async function pushLive(checkoutId: string): Promise<ProviderError> {
    const current = await store.getCheckout(checkoutId);
    if (current && isFinalStatus(current.status)) return new ProviderError('rejected', 'CHECKOUT_FINAL', `This checkout is already ${current.status}.`);
    const to = current?.push && !current.push.endedAt ? ` to ${current.push.to}` : '';
    return new ProviderError('rejected', PUSH_LIVE, `A request to pay was sent${to} and has not ended yet: approve it on the phone, or wait until it ends to send another.`);
  }

  /**
   * A call whose answer never came (the process died mid-call) is known by the reference id stored
   * before it was sent: taken as the checkout's, so the provider can be asked about it.
   */
  async function adoptUnfinishedCall(checkout: CheckoutRecord, operation: string): Promise<CheckoutRecord> {
    const referenceId = await store.unfinishedCall(checkout.id, operation);
    if (!referenceId) return checkout;
    await store.updateProviderDetails(checkout.id, { providerReference: referenceId, instructions: checkout.instructions });
    log.warn({ checkoutId: checkout.id, provider: checkout.provider, operation, referenceId }, 'a call whose answer never came: asking the provider by its id');
    return (await store.getCheckout(checkout.id)) ?? checkout;
  }

  /** The checkout and a fresh token for it, valid while it is payable. */
  async function withToken(checkout: CheckoutRecord): Promise<CreatedCheckout> {
    return { checkout, token: await tokens.sign(checkout.id, new Date(checkout.expiresAt), { ...(checkout.locale ? { locale: checkout.locale } : {}) }) };
  }

  /** What a create's answer brings, kept before its call is marked ended (sendRecordedCall). */
  async function keepCreated(checkoutId: string, created: CreatedPayment): Promise<void> {
    if (created.shownFees) await store.noteShownFees(checkoutId, created.shownFees);
    // The provider may fix how long its payment stays payable (a bank reference's due date):
    // that, not what was asked, is when the checkout expires, and its token with it.
    await store.updateProviderDetails(checkoutId, {
      providerReference: created.providerReference,
      instructions: created.instructions,
      ...(created.expiresAt ? { expiresAt: created.expiresAt.toISOString() } : {}),
    });
  }

  /** Sends the create call already recorded under `referenceId`, and applies its answer. */
  async function sendCreate(draft: CheckoutRecord, referenceId: string): Promise<CreatedCheckout> {
    const adapter = adapterFor(draft);
    try {
      const created = await sendRecordedCall(
        store,
        clock,
        referenceId,
        (id) => adapter.create({ checkout: draft, referenceId: id, callbackUrl: `${deps.callbackBaseUrl}/${draft.provider}` }),
        (answer) => keepCreated(draft.id, answer),
      );
      return withToken(await applyStatus(draft.id, created.status, 'create'));
    } catch (err) {
      if (!(err instanceof ProviderError)) throw err;
      // Nothing the payer can use was handed out (an MTN invoice is paid with a paymentReference
      // only we had seen), so the checkout is failed, never left half-made. Methods that push
      // to the payer's phone must instead leave an unknown outcome to the reconciler.
      const failed = await applyStatus(draft.id, { status: 'failed', reason: 'provider_error', raw: `${CREATE_FAILED}${err.providerCode}` }, 'create');
      throw new CheckoutCreationError(failed, err);
    }
  }

  /**
   * The checkout as its create left it, with a fresh token. One its create failed (CREATE:<code>)
   * is answered as that create was: CheckoutCreationError. How it failed is not kept, so it is taken
   * as unavailable: the key is freed, and a retry makes a new checkout (a failed one handed out
   * nothing to pay).
   */
  async function createdOrFailed(checkout: CheckoutRecord): Promise<CreatedCheckout> {
    const raw = checkout.status === 'failed' ? checkout.providerStatus : undefined;
    if (!raw?.startsWith(CREATE_FAILED)) return withToken(checkout);
    const code = raw.slice(CREATE_FAILED.length);
    throw new CheckoutCreationError(checkout, new ProviderError('unavailable', code, `The payment could not be created at ${checkout.provider} (${code}).`));
  }

  /** A payment that gives the payer nothing to pay with: closed at the provider, so nobody pays it after. */
  const UNPAYABLE: ProviderStatus = { status: 'failed', reason: 'provider_error', raw: `${CREATE_FAILED}NO_INSTRUCTIONS` };

  /**
   * The payment a lost create made, kept as its answer would have been. One that leaves the payer
   * nothing to pay with (an MTN invoice still without its paymentReference) is closed at the
   * provider and the checkout failed. The call is marked ended only then: should the provider not
   * answer meanwhile, the next retry asks again.
   */
  async function adoptLostCreate(checkout: CheckoutRecord, referenceId: string, created: CreatedPayment): Promise<CheckoutRecord> {
    await keepCreated(checkout.id, created);
    let settled: CheckoutRecord;
    if (created.instructions.length > 0 || isFinalStatus(created.status.status)) settled = await applyStatus(checkout.id, created.status, 'create');
    else {
      log.warn({ checkoutId: checkout.id, provider: checkout.provider, referenceId }, 'a lost create made a payment with nothing to pay it with: closed, the checkout failed');
      const kept = (await store.getCheckout(checkout.id)) ?? checkout;
      settled = adapterFor(kept).cancel ? await closeAtProvider(kept, 'create', UNPAYABLE) : await applyStatus(kept.id, UNPAYABLE, 'create');
    }
    await store.completeOutboundCall(referenceId, 'ok', isoNow(clock));
    return settled;
  }

  const service = {
    lifecycle,
    awaitsReceipt: lifecycle.awaitsReceipt,

    /** Paid, and its receipt is still asked for (until it comes or the asking stops): its event streams stay open. */
    stillAskingForReceipt(checkout: CheckoutRecord): boolean {
      return checkout.receiptPollAt !== undefined && !checkout.receiptUrl;
    },

    /** The shortest wait between two polls of this checkout that its provider allows. */
    minPollIntervalMs(checkout: CheckoutRecord): number {
      return methodOf(checkout)?.minPollIntervalMs ?? 0;
    },

    /**
     * Has the reconciler ask the provider about this checkout at once: its status, or its late receipt.
     * A request, not a reschedule: an instance already asking keeps its lease, and asks again once done.
     */
    async pollNow(checkout: CheckoutRecord): Promise<void> {
      const now = isoNow(clock);
      if (lifecycle.awaitsReceipt(checkout)) await store.requestReceiptPoll(checkout.id, now);
      else await store.requestPoll(checkout.id, now);
    },

    stopAskingForReceipt: lifecycle.stopAskingForReceipt,

    async create(input: CreateCheckoutInput, under: CreateUnder = {}): Promise<CreatedCheckout> {
      const adapter = adapterFor(input);
      // Refused before anything exists, here or at the provider (422 EXPIRY_TOO_LONG).
      checkExpiry(input.provider, input.method, methodOf(input), input.expiresInSeconds);
      const now = new Date(clock.now());
      const expiresAt = new Date(now.getTime() + (input.expiresInSeconds ?? DEFAULT_EXPIRES_IN_SECONDS) * 1_000);
      const draft: CheckoutRecord = {
        id: `co_${randomUUID().replaceAll('-', '')}`,
        provider: input.provider,
        method: input.method,
        amount: input.amount,
        currency: input.currency,
        reference: input.reference,
        description: input.description,
        payer: input.payer,
        items: input.items,
        locale: input.locale,
        metadata: input.metadata,
        status: 'pending',
        instructions: [],
        expiresAt: expiresAt.toISOString(),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: 0,
        nextPollAt: new Date(now.getTime() + deps.firstPollDelayMs).toISOString(),
        pollAttempts: 0,
      };
      // The checkout, its key's claim naming it, and the create call about to go: one transaction.
      // Whoever takes the key over after a crash finds all three, or none (resumeCreate).
      const call = { referenceId: randomUUID(), ownerId: draft.id, provider: draft.provider, operation: adapter.operationFor(draft.method) };
      await store.insertCheckout(draft, { ...(under.idempotency ? { idempotency: under.idempotency } : {}), call: outboundCall(clock, call) });
      return sendCreate(draft, call.referenceId);
    },

    /**
     * The create of a checkout whose request died (its Idempotency-Key's claim lapsed, and a retry
     * took it over): finished, never made again. A create call that ended kept what its answer
     * brought before it was marked ended (sendRecordedCall), so the checkout is as the provider left
     * it. One that never ended is asked about by its stored reference id (findLostCreate): a payment
     * the provider holds is adopted with what its create answers; only when the provider confirms it
     * holds none is the create sent again, under the same reference id. A provider that knows what it
     * made by its own id alone may hold a payment we can never follow: nothing more is made, and the
     * checkout ends with its outcome unknown. Throws ProviderError when the provider cannot say (try
     * later); CheckoutCreationError, as create does, for a checkout its create failed.
     */
    async resumeCreate(checkoutId: string): Promise<CreatedCheckout> {
      const checkout = await store.getCheckout(checkoutId);
      if (!checkout) throw new Error(`Checkout ${checkoutId}, named by an Idempotency-Key's claim, does not exist.`);
      if (isFinalStatus(checkout.status)) return createdOrFailed(checkout);
      const adapter = adapterFor(checkout);
      // Asked even when the reconciler adopted it meanwhile (a providerReference, but no instructions).
      const referenceId = await store.unfinishedCall(checkout.id, adapter.operationFor(checkout.method));
      if (!referenceId) return withToken(checkout);
      const lost = await findLostCreate(adapter, methodOf(checkout), { checkout, referenceId, callbackUrl: `${deps.callbackBaseUrl}/${checkout.provider}` });
      switch (lost.state) {
        case 'made':
          return createdOrFailed(await adoptLostCreate(checkout, referenceId, lost.created));
        case 'none':
          log.warn({ checkoutId, provider: checkout.provider, referenceId }, 'a create that died mid-call never reached the provider: sent again under its reference id');
          return sendCreate(checkout, referenceId);
        case 'unknowable':
          log.error({ checkoutId, provider: checkout.provider, referenceId }, 'a create whose answer was lost, at a provider that knows it by its own id only: outcome unknown, reconcile by hand');
          return withToken(await applyStatus(checkout.id, { ...UNKNOWN_OUTCOME, raw: 'OUTCOME_UNKNOWN' }, 'create'));
      }
    },

    confirm,

    /**
     * Push methods: the payer gave a phone number; the provider sends them the approval request.
     * One live push per checkout, whoever clicks twice (PUSH_LIVE); another may go once the
     * provider said it ended unpaid (docs/status-model.md, "Push attempts"). A refusal (a wrong
     * number) sent nothing, and the payer may try again at once.
     */
    async pay(checkout: CheckoutRecord, phone: string, shownFee?: string): Promise<CheckoutRecord> {
      const adapter = adapterFor(checkout);
      if (!adapter.pay) throw new ProviderError('rejected', 'PAY_NOT_SUPPORTED', `A ${checkout.method} checkout is paid with the instructions shown.`);
      // Nothing an ended push left may stay payable beside the new one: withdrawn first (if not already).
      const paidBefore = await withdrawEndedPushes(checkout);
      if (paidBefore) {
        await applyStatus(checkout.id, paidBefore, 'payer');
        throw await pushLive(checkout.id);
      }
      const push = newPush(checkout, phone, clock.now());
      if (!(await store.startPay(checkout.id, push.at, push))) throw await pushLive(checkout.id);
      bus.publish(checkout.id);
      let referenceId = '';
      try {
        const created = await callFor(checkout, `${adapter.operationFor(checkout.method)}.pay`, (id) => {
          referenceId = id;
          return adapter.pay!({ checkout, referenceId: id, callbackUrl: `${deps.callbackBaseUrl}/${checkout.provider}`, phone, ...(shownFee ? { shownFee } : {}) });
        });
        if (created.shownFees) await store.noteShownFees(checkout.id, created.shownFees);
        await store.updateProviderDetails(checkout.id, { providerReference: created.providerReference, instructions: created.instructions });
        return await applyStatus(checkout.id, { ...created.status, aboutPush: push.id }, 'payer');
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        // Shown before the payer may send again, so that sending again agrees to it.
        if (err instanceof FeeChangedError) {
          await store.noteShownFees(checkout.id, err.shownFees);
          await store.updateProviderDetails(checkout.id, { instructions: err.instructions });
        }
        // The push before this one (an ended one, with what it left to withdraw) is told of again.
        if (err.kind === 'rejected' || err.notSent) {
          await store.releasePay(checkout.id, isoNow(clock));
          bus.publish(checkout.id);
        }
        // Outcome unknown: the push may be on the payer's phone, and stays live. The reconciler asks by its id.
        else await store.updateProviderDetails(checkout.id, { providerReference: await store.callReference(referenceId), instructions: checkout.instructions });
        throw err;
      }
    },

    /** The provider's word on a checkout, not applied (but marked as about its push); undefined when the provider has no such payment. */
    async fetchProviderStatus(checkout: CheckoutRecord): Promise<ProviderStatus | undefined> {
      // Each poll retries what ended pushes left payable; one paid after all is the word to apply.
      const paidAfterAll = await withdrawEndedPushes(checkout);
      if (paidAfterAll) return paidAfterAll;
      const update = await adapterFor(checkout).fetchStatus(checkout);
      return update && aboutItsPush(update, checkout);
    },

    /**
     * A callback about an ended push (findByProviderReference found its checkout by it): the provider
     * is asked about that push, and its word applies as about it (only `paid` moves anything).
     */
    async confirmEndedPush(checkout: CheckoutRecord, providerReference: string): Promise<CheckoutRecord> {
      const ended = (await store.endedPushes(checkout.id)).find((push) => push.providerReference === providerReference);
      if (!ended) return checkout;
      const update = await adapterFor(checkout).fetchStatus({ ...checkout, providerReference }, 'payer');
      return update ? applyStatus(checkout.id, { ...update, aboutPush: ended.pushId }, 'callback') : checkout;
    },

    /** A push whose call never ended: asked about by the reference id stored before it was sent. */
    adoptUnfinishedPush(checkout: CheckoutRecord): Promise<CheckoutRecord> {
      return adoptUnfinishedCall(checkout, `${adapterFor(checkout).operationFor(checkout.method)}.pay`);
    },

    /**
     * A create whose call never ended (the process died mid-call): the provider may hold a live
     * payment (an MTN invoice) that nobody follows. Asked about by the reference id stored first.
     */
    adoptUnfinishedCreate(checkout: CheckoutRecord): Promise<CheckoutRecord> {
      return adoptUnfinishedCall(checkout, adapterFor(checkout).operationFor(checkout.method));
    },

    /** Whether the provider can report on this checkout's payment once sent (not Multicaixa Express). */
    reportsStatus(checkout: CheckoutRecord): boolean {
      return methodOf(checkout)?.reportsStatus !== false;
    },

    /** The merchant withdraws a pending payment: closed at the provider first, so nobody can pay it after. */
    async cancel(checkout: CheckoutRecord): Promise<CheckoutRecord> {
      // A push whose answer has not come back (or never will: the process died mid-call) may be on
      // the payer's phone, and the provider knows it by nothing we hold: there is nothing to close.
      if (checkout.payStartedAt && !checkout.providerReference) {
        throw new ProviderError('rejected', 'PAY_IN_FLIGHT', "The push to the payer's phone has not been answered yet; it cannot be withdrawn while it may be there.");
      }
      return closeAtProvider(checkout, 'merchant', { status: 'cancelled', reason: 'cancelled', raw: 'CANCELLED_BY_MERCHANT' });
    },

    /**
     * The checkout outlived its expiry while the provider still calls it open: close it there,
     * then expire it. A provider that cannot close a payment (MoMo VN) keeps the last word:
     * the checkout waits for it to report the expiry itself.
     */
    async expire(checkout: CheckoutRecord): Promise<CheckoutRecord> {
      if (!adapterFor(checkout).cancel) return checkout;
      return closeAtProvider(checkout, 'expiry', { status: 'expired', reason: 'expired', raw: 'EXPIRED_WITHOUT_OUTCOME' });
    },

    /** Sandbox only: act as the payer at the provider's sandbox. The outcome arrives like a real one. */
    async actAsPayer(checkout: CheckoutRecord, action: PayerAction): Promise<boolean> {
      const sandbox = adapterFor(checkout).sandbox;
      if (!sandbox) return false;
      await sandbox.act(checkout, action);
      return true;
    },
  };
  return service;
}

export type CheckoutService = ReturnType<typeof createCheckoutService>;

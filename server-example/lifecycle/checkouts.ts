import type { Logger } from 'pino';
import { isFinalStatus, isPushEndReason } from '../../contract';
import { toMerchantCheckoutData } from '../checkouts/views';
import type { MethodCapabilities, ProviderStatus } from '../providers/types';
import type { StatusBus } from '../status-bus';
import { writeWithRetry, type WriteAttempt } from '../store/compare-and-set';
import type { CheckoutRecord, PushAttempt, StatusChange, Store } from '../store/types';
import { isoNow, type Clock } from './clock';
import { webhookEvent } from './outbox';
import { acceptedCharge, paymentProof, sameCharge } from './payment-proof';
import { canResolve, checkoutEventType, decidePushWord, decideTransition, PAYABLE_STATUS, resolutionFromProvider, type Resolution, type ResolutionOutcome, type StatusSource } from './rules';

export interface CheckoutLifecycleDeps {
  store: Store;
  clock: Clock;
  bus: StatusBus;
  log: Logger;
  /** What the checkout's method declares (receipts that follow, the provider's poll interval). */
  methodOf(checkout: Pick<CheckoutRecord, 'provider' | 'method'>): MethodCapabilities | undefined;
  /** Called after each commit that wrote a webhook, so that it goes out at once. */
  onOutbox?(): void;
  /**
   * Called once a push ended at the provider (endPush committed), so that what it left payable there
   * is withdrawn at once; what cannot be withdrawn now is asked again by the reconciler.
   */
  onPushEnded?(checkoutId: string): Promise<void>;
  firstPollDelayMs: number;
}

export interface ResolveInput {
  outcome: ResolutionOutcome;
  note?: string;
  providerTransactionId?: string;
}

export type ResolveResult = { resolved: true; checkout: CheckoutRecord } | { resolved: false; checkout: CheckoutRecord };

/** The checkout as a change leaves it, as the store writes it: what the webhook tells. */
function withChange(current: CheckoutRecord, change: StatusChange): CheckoutRecord {
  return {
    ...current,
    status: change.status,
    reason: change.reason,
    providerStatus: change.providerStatus ?? current.providerStatus,
    receiptUrl: change.receiptUrl ?? current.receiptUrl,
    payment: current.payment ?? change.payment,
    charge: change.charge ?? current.charge,
    updatedAt: change.at,
    version: current.version + 1,
  };
}

/**
 * Every change of a checkout passes here (docs/status-model.md): the rules decide it, and one
 * store transaction compare-and-sets it, appends its event and writes its merchant webhook.
 * Routes, the service and the reconciler call this; none of them restates a rule.
 */
export function createCheckoutLifecycle(deps: CheckoutLifecycleDeps) {
  const { store, clock, bus, log } = deps;

  const committed = (checkoutId: string, wroteWebhook: boolean) => {
    bus.publish(checkoutId);
    if (wroteWebhook) deps.onOutbox?.();
  };

  /** Paid, and its provider may still issue the receipt it has not given yet. */
  function awaitsReceipt(checkout: Pick<CheckoutRecord, 'provider' | 'method' | 'status' | 'receiptUrl'>): boolean {
    return checkout.status === 'paid' && !checkout.receiptUrl && deps.methodOf(checkout)?.receiptMayFollow === true;
  }

  /** A receipt reported with the status the checkout already has: added once, never replacing one. */
  async function addReceipt(current: CheckoutRecord, receiptUrl: string, source: StatusSource): Promise<WriteAttempt> {
    const at = isoNow(clock);
    const after = { ...current, receiptUrl, updatedAt: at, version: current.version + 1 };
    const event = current.status === 'paid' ? webhookEvent(clock, 'checkout.receipt', current.id, toMerchantCheckoutData(after)) : undefined;
    if (!(await store.addReceipt(current.id, current.version, receiptUrl, at, event))) return 'conflict';
    log.info({ checkoutId: current.id, status: current.status, source }, 'receipt added');
    committed(current.id, event !== undefined);
    return 'written';
  }

  /** A new charge while the status stays (a push to another operator's number, another fee). */
  async function updateCharge(current: CheckoutRecord, charge: NonNullable<CheckoutRecord['charge']>, source: StatusSource): Promise<WriteAttempt> {
    if (!(await store.updateCharge(current.id, current.version, charge, isoNow(clock)))) return 'conflict';
    log.info({ checkoutId: current.id, status: current.status, source }, 'charge updated');
    committed(current.id, false);
    return 'written';
  }

  /** Records a resolution of an unknown outcome, with its event and its `checkout.resolved` webhook. */
  async function recordResolution(current: CheckoutRecord, resolution: Resolution, source: StatusSource): Promise<WriteAttempt> {
    const after = { ...current, resolution, updatedAt: resolution.resolvedAt, version: current.version + 1 };
    const event = webhookEvent(clock, 'checkout.resolved', current.id, toMerchantCheckoutData(after));
    if (!(await store.recordResolution(current.id, current.version, resolution, source, event))) return 'conflict';
    log.info({ checkoutId: current.id, outcome: resolution.outcome, source: resolution.source }, 'unknown outcome resolved');
    committed(current.id, true);
    return 'written';
  }

  /** A final status met another outcome: the provider's late word on an unknown one settles it; else someone must look. */
  function lateWord(current: CheckoutRecord, update: ProviderStatus, source: StatusSource): Promise<WriteAttempt> | WriteAttempt {
    const outcome = resolutionFromProvider(update.status);
    if (outcome && canResolve(current)) {
      return recordResolution(current, { outcome, source: 'provider', resolvedAt: isoNow(clock), note: `The provider reported ${update.raw}.` }, source);
    }
    // Money may have moved after we closed the checkout: someone must look.
    const level = update.status === 'paid' ? 'error' : 'warn';
    log[level]({ checkoutId: current.id, status: current.status, ignored: update.status, raw: update.raw, source }, 'provider reports another outcome after a final status');
    return 'unchanged';
  }

  /**
   * The live push ended at the provider unpaid, unanswered: the attempt ended, not the checkout,
   * which is payable again (`pending`; rules.ts, decidePushWord). No webhook: nothing final happened.
   */
  async function endPush(current: CheckoutRecord, update: ProviderStatus, source: StatusSource): Promise<WriteAttempt> {
    const at = isoNow(clock);
    const push: PushAttempt = { ...current.push!, endedAt: at, ...(isPushEndReason(update.reason) ? { endReason: update.reason } : {}) };
    if (current.providerReference) push.endedReference = current.providerReference;
    const change: StatusChange = { status: PAYABLE_STATUS, reason: update.reason, providerStatus: update.raw, source, at };
    if (!(await store.endPush(current.id, current.version, change, push))) return 'conflict';
    log.info({ checkoutId: current.id, from: current.status, reason: update.reason, raw: update.raw, source }, 'push ended unpaid: payable again');
    committed(current.id, false);
    return 'written';
  }

  /** Applies a provider's (or anyone's) word through the status machine; returns the checkout as it now stands. */
  async function apply(checkoutId: string, update: ProviderStatus, source: StatusSource): Promise<CheckoutRecord> {
    let pushEnded = false;
    const applied = await writeWithRetry(
      `Checkout ${checkoutId}`,
      () => store.getCheckout(checkoutId),
      async (current) => {
        const pushWord = decidePushWord(current, update, source, clock.now());
        if (pushWord === 'reopen') {
          const ended = await endPush(current, update, source);
          pushEnded = ended === 'written';
          return ended;
        }
        if (pushWord === 'stale') return 'unchanged';
        const decision = decideTransition(current.status, update.status);
        const charge = acceptedCharge(update.charge, current);
        if (update.charge && !charge) log.warn({ checkoutId, raw: update.raw, source }, 'a charge that does not add up is left out');
        if (decision === 'same' && update.receiptUrl && !current.receiptUrl) return addReceipt(current, update.receiptUrl, source);
        if (decision === 'same' && !isFinalStatus(current.status) && charge && !sameCharge(charge, current.charge)) return updateCharge(current, charge, source);
        if (decision === 'final' && update.status !== current.status) return lateWord(current, update, source);
        if (decision !== 'apply') return 'unchanged';
        const now = clock.now();
        const receiptLater = awaitsReceipt({ ...current, status: update.status, receiptUrl: update.receiptUrl });
        const change: StatusChange = {
          status: update.status,
          reason: update.reason,
          providerStatus: update.raw,
          receiptUrl: update.receiptUrl,
          // The proof goes in the same transaction as the paid status: a paid checkout never lacks one.
          ...(update.status === 'paid' ? { payment: paymentProof(update.payment, now) } : {}),
          ...(charge ? { charge } : {}),
          // The receipt is asked for again, in case no callback brings it.
          ...(receiptLater ? { receiptPollAt: new Date(now + Math.max(deps.firstPollDelayMs, deps.methodOf(current)?.minPollIntervalMs ?? 0)).toISOString() } : {}),
          source,
          at: new Date(now).toISOString(),
        };
        const type = checkoutEventType(update.status);
        const event = type && webhookEvent(clock, type, checkoutId, toMerchantCheckoutData(withChange(current, change)));
        if (!(await store.changeStatus(checkoutId, current.version, change, event))) return 'conflict';
        log.info({ checkoutId, from: current.status, to: update.status, reason: update.reason, raw: update.raw, source }, 'status changed');
        committed(checkoutId, event !== undefined);
        return 'written';
      },
    );
    if (!pushEnded || !deps.onPushEnded) return applied;
    // Best effort: a failure leaves the ended push open, for the reconciler to withdraw later.
    await deps.onPushEnded(checkoutId).catch((err: unknown) => log.warn({ checkoutId, err: (err as Error).message }, 'could not withdraw what the ended push left'));
    return (await store.getCheckout(checkoutId)) ?? applied;
  }

  return {
    apply,
    awaitsReceipt,

    /**
     * Nothing a provider says can change this checkout any more: final, no receipt awaited, and no
     * unknown outcome a late word would resolve. A callback for it costs no status call.
     */
    isSettled(checkout: CheckoutRecord): boolean {
      return isFinalStatus(checkout.status) && !awaitsReceipt(checkout) && !canResolve(checkout);
    },

    /**
     * A person who checked with the provider by hand settles an unknown outcome. Only while the
     * outcome is unknown, and once; the final status stays as it is.
     */
    async resolve(checkoutId: string, input: ResolveInput): Promise<ResolveResult> {
      let refused: CheckoutRecord | undefined;
      const checkout = await writeWithRetry(
        `Checkout ${checkoutId}`,
        () => store.getCheckout(checkoutId),
        async (current) => {
          if (!canResolve(current)) {
            refused = current;
            return 'unchanged';
          }
          refused = undefined;
          const resolution: Resolution = {
            outcome: input.outcome,
            ...(input.note !== undefined ? { note: input.note } : {}),
            source: 'operator',
            resolvedAt: isoNow(clock),
            ...(input.providerTransactionId !== undefined ? { providerTransactionId: input.providerTransactionId } : {}),
          };
          return recordResolution(current, resolution, 'operator');
        },
      );
      return refused ? { resolved: false, checkout: refused } : { resolved: true, checkout };
    },

    /** The receipt never came: stop asking for it, and let the event streams waiting for it end. */
    async stopAskingForReceipt(checkout: CheckoutRecord, receiptPolls: number): Promise<void> {
      await store.scheduleReceiptPoll(checkout.id, undefined, receiptPolls);
      bus.publish(checkout.id);
    },
  };
}

export type CheckoutLifecycle = ReturnType<typeof createCheckoutLifecycle>;

import type { Logger } from 'pino';
import { toMerchantPayoutData } from '../payouts/views';
import type { PayoutStatus } from '../providers/types';
import { writeWithRetry } from '../store/compare-and-set';
import type { PayoutRecord, PayoutStatusChange, Store } from '../store/types';
import { isoNow, type Clock } from './clock';
import { webhookEvent } from './outbox';
import { decidePayoutTransition, payoutEventType, type StatusSource } from './rules';

export interface PayoutLifecycleDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  onOutbox?(): void;
}

/**
 * Every change of a payout passes here, as a checkout's passes through the checkout lifecycle:
 * decided by the rules, compare-and-set with its event and its webhook in one transaction.
 */
export function createPayoutLifecycle({ store, clock, log, onOutbox }: PayoutLifecycleDeps) {
  return {
    /** processing → paid | failed, never out of a final one. */
    async apply(payoutId: string, update: PayoutStatus, source: StatusSource): Promise<PayoutRecord> {
      return writeWithRetry(
        `Payout ${payoutId}`,
        () => store.getPayout(payoutId),
        async (current) => {
          const decision = decidePayoutTransition(current.status, update.status);
          if (decision === 'final') {
            // Money may have moved after we closed the payout: someone must look.
            log.error({ payoutId, status: current.status, ignored: update.status, raw: update.raw, source }, 'provider reports another payout outcome after a final status');
          }
          if (decision !== 'apply') return 'unchanged';
          const change: PayoutStatusChange = { status: update.status, reason: update.reason, providerStatus: update.raw, source, at: isoNow(clock) };
          const type = payoutEventType(update.status);
          const after: PayoutRecord = { ...current, status: update.status, reason: update.reason, providerStatus: update.raw, updatedAt: change.at, version: current.version + 1 };
          const event = type && webhookEvent(clock, type, payoutId, toMerchantPayoutData(after));
          if (!(await store.changePayoutStatus(payoutId, current.version, change, event))) return 'conflict';
          log.info({ payoutId, from: current.status, to: update.status, reason: update.reason, raw: update.raw, source }, 'payout status changed');
          if (event) onOutbox?.();
          return 'written';
        },
      );
    },
  };
}

export type PayoutLifecycle = ReturnType<typeof createPayoutLifecycle>;

import { isFinalStatus, type Instruction, type PushSent } from '../../contract';
import { PAYABLE_STATUS } from '../lifecycle/rules';
import type { CheckoutRecord } from '../store/types';

/**
 * The latest push as the element is told it, while the checkout is open: where it went (masked),
 * when, until when the provider keeps it, and whether another may go — only once it ended at the
 * provider unpaid and the checkout is payable again (docs/status-model.md, "Push attempts").
 */
export function pushSentOf(checkout: Pick<CheckoutRecord, 'status' | 'push' | 'payStartedAt'>): PushSent | undefined {
  const { push } = checkout;
  if (!push || isFinalStatus(checkout.status)) return undefined;
  const ended = push.endedAt !== undefined;
  return {
    to: push.to,
    at: push.at,
    ...(push.liveUntil ? { liveUntil: push.liveUntil } : {}),
    canResend: ended && checkout.status === PAYABLE_STATUS && !checkout.payStartedAt,
    ...(ended ? { endedAt: push.endedAt } : {}),
    ...(push.endReason ? { endReason: push.endReason } : {}),
  };
}

/**
 * A push instruction with the push's state: `sent`, what to do meanwhile (`approvalsCode`), and
 * `needsPhone` as it stands for every provider alike: no number while a push is live (the wait
 * screen, also for Multicaixa Express, whose instruction never changed), a number again once
 * another push may go (to this number or another).
 */
export function withPushState(instruction: Instruction, checkout: Pick<CheckoutRecord, 'status' | 'push' | 'payStartedAt'>): Instruction {
  const sent = instruction.kind === 'push' ? pushSentOf(checkout) : undefined;
  if (instruction.kind !== 'push' || !sent) return instruction;
  const approvalsCode = checkout.push?.approvalsCode;
  return { ...instruction, needsPhone: sent.canResend, sent, ...(approvalsCode ? { approvalsCode } : {}) };
}

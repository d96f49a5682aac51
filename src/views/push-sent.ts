import type { PushInstruction, PushSent, Session, StatusUpdate } from '../../contract/index.js';

/** The backend's word on the latest push when well formed; anything else says nothing was sent. */
export function checkedSent(sent: unknown): PushSent | undefined {
  const { to, at, canResend } = (sent ?? {}) as Record<string, unknown>;
  return typeof to === 'string' && typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof canResend === 'boolean' ? (sent as PushSent) : undefined;
}

/** The later of two words on the push; `a` when they tell of the same one. */
export const newest = (a: PushSent | undefined, b: PushSent | undefined): PushSent | undefined => (a && b && Date.parse(b.at) > Date.parse(a.at) ? b : (a ?? b));

const pushOf = (session: Session) => session.instructions.find((instruction): instruction is PushInstruction => instruction.kind === 'push');

/** The latest push as the session shows it. */
export const sessionSent = (session: Session): PushSent | undefined => checkedSent(pushOf(session)?.sent);

const key = (sent: PushSent | undefined) => (sent ? `${sent.at} ${sent.canResend}` : '');

/**
 * Whether `update` tells of a push the session's instructions don't show yet (one sent, one
 * ended): the session is read again, for the push view to show it.
 */
export const sentChanged = (session: Session, update: StatusUpdate): boolean => Boolean(pushOf(session)) && key(checkedSent(update.sent)) !== key(sessionSent(session));

/**
 * Whether a push is on the payer's phone now: the latest word says so, or (from a backend that
 * tells none) the status is `processing`.
 */
export const pushLive = (sent: PushSent | undefined, status: string): boolean => (sent ? !sent.canResend : status === 'processing');

import type { FailureReason, Session, StatusUpdate } from '../../contract';

/** `momo-ready`: the checkout was loaded and is on screen. */
export interface MomoReadyDetail {
  session: Session;
}

/** `momo-error`: the token or the network stopped the element. */
export interface MomoErrorDetail {
  /**
   * `TOKEN_MALFORMED` (decoded in the browser, no request made), the backend's codes
   * (`TOKEN_MISSING`, `TOKEN_INVALID`, `TOKEN_EXPIRED`, `NOT_FOUND`, …), or the client's
   * (`NETWORK_ERROR`, `TIMEOUT`, `BAD_RESPONSE`, `HTTP_ERROR`).
   */
  code: string;
  message: string;
}

/**
 * `momo-retry`: the payer pressed "Try again" after a failed payment. A checkout that failed stays
 * failed: create a new one on your server and set its token on the element. Cancelable: call
 * `event.preventDefault()` to say a new checkout is coming; if no listener does, the element tells
 * the payer to ask the merchant for a new payment link instead.
 */
export interface MomoRetryDetail {
  /** The failed checkout. */
  checkoutId: string;
  reason: FailureReason | undefined;
}

/** Every event the element fires: `CustomEvent`s that bubble and cross shadow roots. */
export interface MomoEventMap {
  'momo-ready': CustomEvent<MomoReadyDetail>;
  'momo-status': CustomEvent<StatusUpdate>;
  'momo-paid': CustomEvent<StatusUpdate>;
  'momo-failed': CustomEvent<StatusUpdate>;
  'momo-expired': CustomEvent<StatusUpdate>;
  'momo-cancelled': CustomEvent<StatusUpdate>;
  'momo-error': CustomEvent<MomoErrorDetail>;
  'momo-retry': CustomEvent<MomoRetryDetail>;
}

export type MomoEventName = keyof MomoEventMap;
export type MomoEventDetail<K extends MomoEventName> = MomoEventMap[K] extends CustomEvent<infer D> ? D : never;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends MomoEventMap {}
}

/** Events a listener may answer with `preventDefault()`. */
const CANCELABLE: ReadonlySet<MomoEventName> = new Set(['momo-retry']);

/**
 * The one way the element dispatches: typed, bubbling, composed. False when a listener called
 * `preventDefault()` on a cancelable event.
 */
export function emit<K extends MomoEventName>(target: EventTarget, name: K, detail: MomoEventDetail<K>): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: CANCELABLE.has(name) }));
}

import type { FailureReason, Session, StatusUpdate } from '../../contract/index.js';

/** `momo-ready`: the checkout was loaded and is on screen. */
export interface MomoReadyDetail {
  session: Session;
}

/** `momo-error`: the token, the page's Content-Security-Policy or the network stopped the element. */
export interface MomoErrorDetail {
  /**
   * Every code the element reports:
   * - the token, judged in the browser before any request: `TOKEN_MISSING` (the `token`
   *   attribute is empty), `TOKEN_MALFORMED` (not a compact JWS with an http(s) `iss` and a `sub`);
   * - the backend refusing it: `TOKEN_INVALID`, `TOKEN_EXPIRED` (also once the checkout was shown:
   *   the token's reads are over and no final status came with the refusal; the `ended` panel
   *   asks the payer not to pay again), `TOKEN_MISSING` (the header did not reach it), `NOT_FOUND`
   *   (no such route at the token's `iss`);
   * - the page: `CSP_BLOCKED`, its `connect-src` refuses the backend; the message names the origin
   *   to add. Not retried: the policy refuses every later try too;
   * - loading the checkout: `NETWORK_ERROR`, `TIMEOUT`, `BAD_RESPONSE` (an unreadable or
   *   ill-formed answer), `HTTP_ERROR` (an answer that isn't the backend's: a proxy's page), or
   *   the backend's own 5xx code (`INTERNAL_ERROR`). These the element retries by itself, with
   *   back-off and at once when the browser is back online; once the checkout is shown they only
   *   add "Connection lost. Reconnecting…" to the status line, and only a refused token or
   *   `CSP_BLOCKED` ends following.
   * What the payer does in a view (a refused number, `PUSH_LIVE`, `FEE_CHANGED`) is said in the
   * view, never as `momo-error`.
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

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MomoApiError, type ApiClient } from '../core/api.js';
import { fits, phoneDigits } from '../core/phone.js';
import type { PushSent, StatusUpdate } from '../../contract/index.js';

/**
 * Where the approval request to the payer's phone stands. `phone` (digits): the number last sent
 * to from this page, which a new request may go to again; '' once the payer asked for another.
 * `error`: why the last try failed. `sent`: the backend's word on the request that went (the 202's).
 */
export type PayState = { step: 'form'; error?: MomoApiError; phone?: string } | { step: 'sending'; phone: string } | { step: 'sent'; phone?: string; sent?: PushSent };

/** Answers that mean a request is on the payer's phone already (this page's, its answer lost, or another tab's): never a second. */
const LIVE = ['PUSH_LIVE', 'PAY_ALREADY_STARTED' /* what backends before PUSH_LIVE answered */];

/**
 * Pushes the approval request to the payer's phone (`POST /v1/session/pay`) for push methods:
 * one request at a time; `reset()` (a new token) and leaving the page abort it and drop its
 * answer. The 202's status goes to `onStatus`; following it is the status follower's job.
 */
export class PayController implements ReactiveController {
  state: PayState = { step: 'form' };
  readonly #host: ReactiveControllerHost;
  readonly #onStatus: (update: StatusUpdate) => void;
  #request: AbortController | undefined;
  /** Numbers of tries whose answer was lost: the request may have reached one of them. */
  #maybeSentTo = new Set<string>();

  constructor(host: ReactiveControllerHost, onStatus: (update: StatusUpdate) => void) {
    this.#host = host;
    this.#onStatus = onStatus;
    host.addController(this);
  }

  /** `fee`: the fee shown beside the number, when there is one; the payer agrees to that one only. */
  async send(client: ApiClient | undefined, phone: string, pattern: string, fee?: string): Promise<void> {
    if (!client || this.state.step === 'sending') return;
    const digits = phoneDigits(phone, pattern); // "+256 772-123 456" → 256772123456; national forms come read already (the view has the country's rules)
    if (!fits(digits, pattern)) return this.#set({ step: 'form', error: new MomoApiError('INVALID_PHONE', 'Not a number for this method.', 400), phone: this.state.phone });
    const request = new AbortController();
    this.#request = request;
    void this.#set({ step: 'sending', phone: digits });
    let update: StatusUpdate | undefined;
    let error: unknown;
    try {
      update = await client.pay(digits, request.signal, fee);
    } catch (caught) {
      error = caught;
    }
    if (request !== this.#request) return; // reset, or the host left the page
    this.#request = undefined;
    // The client throws MomoApiErrors only. A live request (its answer lost, or another tab's) counts as sent.
    const failed = error as MomoApiError | undefined;
    const live = LIVE.includes(failed?.code ?? '');
    if (failed && !live && failed.transient) this.#maybeSentTo.add(digits);
    const shown = this.#set(
      failed && !live ? { step: 'form', error: failed, phone: digits } : { step: 'sent', phone: live ? this.#onlyEarlierNumber() : digits, ...(update?.sent ? { sent: update.sent } : {}) },
    );
    if (update) this.#onStatus(update);
    return shown;
  }

  /** "Use another number": the form, empty, for a request to another phone. */
  another(): void {
    if (this.state.step !== 'sending') void this.#set({ step: 'form', phone: '' });
  }

  reset(): void {
    this.#request?.abort();
    this.#request = undefined;
    this.#maybeSentTo.clear();
    void this.#set({ step: 'form' });
  }

  /** The earlier try that got through, when only one number was tried with its answer lost. */
  #onlyEarlierNumber(): string | undefined {
    return this.#maybeSentTo.size === 1 ? [...this.#maybeSentTo][0] : undefined;
  }

  hostDisconnected(): void {
    if (this.#request) this.reset();
  }

  async #set(state: PayState): Promise<void> {
    this.state = state;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MomoApiError, type ApiClient } from '../core/api';
import type { StatusUpdate } from '../../contract';

/**
 * Where the approval request to the payer's phone stands; `error` is why the last try failed,
 * `phone` (digits) where the request went, when this page knows it.
 */
export type PayState = { step: 'form'; error?: MomoApiError } | { step: 'sending' } | { step: 'sent'; phone?: string };

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
    if (!client || this.state.step !== 'form') return;
    const digits = phone.replace(/\D/g, '');
    if (!fits(digits, pattern)) return this.#set({ step: 'form', error: new MomoApiError('INVALID_PHONE', 'Not a number for this method.', 400) });
    const request = new AbortController();
    this.#request = request;
    void this.#set({ step: 'sending' });
    let update: StatusUpdate | undefined;
    let error: unknown;
    try {
      update = await client.pay(digits, request.signal, fee);
    } catch (caught) {
      error = caught;
    }
    if (request !== this.#request) return; // reset, or the host left the page
    this.#request = undefined;
    // The client throws MomoApiErrors only. PAY_ALREADY_STARTED: an earlier try got through
    // (its answer was lost), so the phone has the request.
    const failed = error as MomoApiError | undefined;
    const earlier = failed?.code === 'PAY_ALREADY_STARTED';
    if (failed && !earlier && failed.transient) this.#maybeSentTo.add(digits);
    const shown = this.#set(failed && !earlier ? { step: 'form', error: failed } : { step: 'sent', phone: earlier ? this.#onlyEarlierNumber() : digits });
    if (update) this.#onStatus(update);
    return shown;
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

/** A pattern this browser can't compile leaves the judgement to the backend. */
function fits(digits: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(digits);
  } catch {
    return digits.length > 5;
  }
}

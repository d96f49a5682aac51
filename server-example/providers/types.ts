import type { CheckoutStatus, FailureReason, Instruction } from '../../src/core/types';
import type { CheckoutRecord } from '../store/types';

/** A provider's answer, normalised once at the edge: views and the store never see vendor strings. */
export interface ProviderStatus {
  status: CheckoutStatus;
  reason?: FailureReason;
  /** The provider's own words, e.g. `FAILED:APPROVAL_REJECTED`, kept for the event log. */
  raw: string;
  receiptUrl?: string;
}

export interface CreatePaymentInput {
  checkout: CheckoutRecord;
  /** The id of this create call, stored before it is sent (MTN: the X-Reference-Id). */
  referenceId: string;
  /** Where the provider should send its callback, when it sends any. */
  callbackUrl: string;
}

export interface CreatedPayment {
  providerReference: string;
  instructions: Instruction[];
  status: ProviderStatus;
}

export type PayerAction = 'approve' | 'decline' | 'expire';

export interface CallbackRequest {
  rawBody: string;
  headers: Headers;
  query: URLSearchParams;
}

/**
 * Why a provider call did not succeed. `rejected`: the provider refused the request and
 * nothing was created. `unavailable`: the provider could not be reached or failed, and the
 * outcome could not be established.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'rejected' | 'unavailable',
    readonly providerCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** One provider behind one interface; everything vendor-specific stays in its folder. */
export interface ProviderAdapter {
  readonly id: string;
  readonly methods: readonly string[];
  /** The name recorded with the reference id of a create call. */
  operationFor(method: string): string;
  create(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** The provider's current word on a checkout; undefined when it has no such payment. */
  fetchStatus(checkout: CheckoutRecord): Promise<ProviderStatus | undefined>;
  /**
   * Which payment a callback is about. A callback only says "look again": the backend
   * confirms it with `fetchStatus` before acting. Throws ProviderError('rejected') when malformed.
   */
  callbackReference(request: CallbackRequest): string;
  /** Cancels a pending payment; `referenceId` is the id of this call, stored before it is sent. */
  cancel?(checkout: CheckoutRecord, referenceId: string): Promise<void>;
  /** Present while the adapter talks to our sandbox: act as the payer. */
  readonly sandbox?: { act(checkout: CheckoutRecord, action: PayerAction): Promise<void> };
}

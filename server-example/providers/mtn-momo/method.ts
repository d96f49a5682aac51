import type { CheckoutRecord } from '../../store/types';
import type { CreatedPayment, CreatePaymentInput, MethodCapabilities, PayInput, ProviderStatus } from '../types';
import type { MtnClient, MtnClientOptions } from './client';

export interface MtnMomoOptions extends MtnClientOptions {
  /** The MoMo Pay USSD string with `{ref}` for the invoice's paymentReference (MTN Uganda: `*165*3*{ref}*1#`). */
  ussdTemplate: string;
  /** The merchant's MoMo number, the invoice's payee. */
  payeeMsisdn: string;
  /** True while baseUrl is our sandbox: enables acting as the payer. */
  sandbox: boolean;
  /** What the target environment accepts (MTN's sandbox: EUR). */
  currencies: readonly string[];
  /** CreatePayments' `serviceProviderUserName`: the merchant as MTN's Partner Gateway knows it. */
  serviceProviderUserName?: string;
  /** The payer phone numbers push methods take; default: the target environment's (phones.ts). */
  phone?: NonNullable<MethodCapabilities['phone']>;
}

/** What each MTN method needs from the adapter that composes them. */
export interface MtnMethodDeps {
  client: MtnClient;
  options: MtnMomoOptions;
  /** Waits for a slot under MTN's status-call rate limit. */
  statusSlot: () => Promise<void>;
}

/** One MTN product behind the adapter: its calls, its status mapping, its sandbox control path. */
export interface MtnMethod {
  capabilities: MethodCapabilities;
  /** The name recorded with the reference id of a create call. */
  operation: string;
  /** Where our sandbox's control API keeps this resource, e.g. `/requesttopay`. */
  controlPath: string;
  create(input: CreatePaymentInput): Promise<CreatedPayment>;
  pay?(input: PayInput): Promise<CreatedPayment>;
  /** The provider's word on the resource `referenceId`; undefined when MTN has none. */
  status(referenceId: string): Promise<ProviderStatus | undefined>;
  cancel(checkout: CheckoutRecord, referenceId: string): Promise<void>;
}

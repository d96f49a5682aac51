import { DOUBLE_EXACT_AMOUNTS } from '../../money';
import type { CallPriority, CallSlots, RateLimiter } from '../../rate-limiter';
import type { CheckoutRecord } from '../../store/types';
import type { CreatedPayment, CreatePaymentInput, LostCreate, MethodCapabilities, PayInput, ProviderStatus } from '../types';
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
  /** Where the status-call limit is kept (shared by every instance); default: this adapter's memory. */
  callSlots?: CallSlots;
}

/**
 * What one payment may be, per target environment, where MTN publishes it. The Open API itself
 * documents no limit (a wallet over its own answers PAYER_LIMIT_REACHED); MTN Uganda's Key Facts
 * for Mobile Money put a single transaction at 5,000,000 UGX at most (high-value accounts; lower
 * tiers answer PAYER_LIMIT_REACHED), and its tariff starts at 500 UGX.
 */
const AMOUNTS_BY_ENVIRONMENT: Readonly<Record<string, { min: string; max: string }>> = {
  mtnuganda: { min: '500', max: '5000000' },
};

/**
 * An environment MTN publishes no limit for (its sandbox's EUR among them) takes amounts as
 * strings, bounded like the providers that take JSON numbers: to what any client reading them
 * into a double holds to the minor unit.
 */
export const mtnAmountsFor = (targetEnvironment: string): { min: string; max: string } => AMOUNTS_BY_ENVIRONMENT[targetEnvironment] ?? DOUBLE_EXACT_AMOUNTS;

/** What each MTN method needs from the adapter that composes them. */
export interface MtnMethodDeps {
  client: MtnClient;
  options: MtnMomoOptions;
  /**
   * Waits for a slot under MTN's status-call rate limit; `payer` calls go first. Only status
   * calls take one: the GETs a create or a push makes to finish itself are part of that call.
   */
  statusSlot: RateLimiter;
}

/** One MTN product behind the adapter: its calls, its status mapping, its sandbox control path. */
export interface MtnMethod {
  capabilities: MethodCapabilities;
  /** The name recorded with the reference id of a create call. */
  operation: string;
  /** Where our sandbox's control API keeps this resource, e.g. `/requesttopay`. */
  controlPath: string;
  create(input: CreatePaymentInput): Promise<CreatedPayment>;
  /** What a create whose answer was lost left at MTN, asked by its X-Reference-Id (ProviderAdapter.findLostCreate). */
  findLostCreate(input: CreatePaymentInput): Promise<LostCreate>;
  pay?(input: PayInput): Promise<CreatedPayment>;
  /** The provider's word on the resource `referenceId`; undefined when MTN has none. */
  status(referenceId: string, priority?: CallPriority): Promise<ProviderStatus | undefined>;
  cancel(checkout: CheckoutRecord, referenceId: string): Promise<void>;
}

import type { Logger } from 'pino';
import { isFinalStatus, type StatusUpdate } from '../../contract';
import { answerWithin } from '../http/answer-within';
import { checkoutPhoneRule } from '../phones/checkout-country';
import { readPhone } from '../phones/read';
import { FeeChangedError, ProviderError, type ProviderAdapter } from '../providers/types';
import type { CheckoutRecord } from '../store/types';
import { PUSH_LIVE, type CheckoutService } from './service';
import { toStatusUpdate } from './views';

/** Well within the element's request timeout. */
const PAY_ANSWER_WITHIN_MS = 3_000;

export interface PushPayDeps {
  service: CheckoutService;
  providers: ReadonlyMap<string, ProviderAdapter>;
  log: Logger;
  /** The checkout as it stands now (after a refusal: whether a request may be on the phone). */
  current(checkoutId: string): Promise<CheckoutRecord>;
}

/** What a request to pay by push came to, for the JSON API and the hosted page's form alike. */
export type PushPayOutcome =
  | { sent: true; status: StatusUpdate }
  | {
      sent: false;
      httpStatus: 400 | 409 | 422 | 502;
      code: string;
      message: string;
      /** The status as it stands, when the refusal comes with it (its `sent` says whether a request may be on the phone). */
      status?: StatusUpdate;
    };

/**
 * Sends the approval request for `typed` (any form people write: 0772 123 456, +256 772 123 456,
 * …, read in the checkout's country) with the fee the payer was shown. Answers within a few
 * seconds: some providers answer a push only once the payer acts (Multicaixa Express); the
 * outcome then follows on the status. Errors other than the provider's are thrown.
 */
export async function payByPush({ service, providers, log, current }: PushPayDeps, checkout: CheckoutRecord, typed: string, fee: string | undefined): Promise<PushPayOutcome> {
  if (isFinalStatus(checkout.status)) return { sent: false, httpStatus: 409, code: 'CHECKOUT_FINAL', message: `This checkout is already ${checkout.status}.` };
  const phone = checkoutPhoneRule(providers, checkout);
  if (!phone) return { sent: false, httpStatus: 409, code: 'PAY_NOT_SUPPORTED', message: `A ${checkout.method} checkout is paid with the instructions shown; there is nothing to push to a phone.` };
  const reading = readPhone(typed, phone);
  if (!reading.ok) return { sent: false, httpStatus: 400, code: 'INVALID_PHONE', message: reading.message };
  const paying = service.pay(checkout, reading.digits, fee);
  let waited: { updated: CheckoutRecord } | undefined;
  try {
    waited = await answerWithin(
      paying.then((updated) => ({ updated })),
      PAY_ANSWER_WITHIN_MS,
      undefined,
    );
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    const withStatus = async (httpStatus: 502 | 409, code: string, message: string): Promise<PushPayOutcome> => ({
      sent: false,
      httpStatus,
      code,
      message,
      status: toStatusUpdate(await current(checkout.id)),
    });
    // Not the number's fault: a network notice, not a field error.
    if (err.kind === 'unavailable') {
      const message = err.notSent ? 'The mobile money provider failed and sent nothing; please try again.' : 'The mobile money provider did not answer; your phone may still ring.';
      return withStatus(502, 'PROVIDER_UNAVAILABLE', message);
    }
    if (err.providerCode === PUSH_LIVE) return withStatus(409, PUSH_LIVE, err.message);
    // FEE_CHANGED: nothing was sent; the session now shows the fee the payer agrees to by sending again.
    const conflict = err.providerCode === 'CHECKOUT_FINAL' || err instanceof FeeChangedError;
    return { sent: false, httpStatus: conflict ? 409 : 422, code: err.providerCode, message: err.message };
  }
  if (!waited) {
    paying.catch((err: unknown) => log.warn({ checkoutId: checkout.id, err: (err as Error).message }, 'push failed after answering'));
    return { sent: true, status: toStatusUpdate(await current(checkout.id)) };
  }
  return { sent: true, status: toStatusUpdate(waited.updated) };
}

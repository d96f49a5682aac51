import type { PushInstruction } from '../../../contract';
import { ProviderError, type PayInput, type ProviderStatus } from '../types';
import { errorFrom } from './client';
import type { CallPriority } from '../../rate-limiter';
import { mtnAmountsFor, type MtnMethod, type MtnMethodDeps } from './method';
import { phoneRuleFor } from './phones';
import { approvalsCodeFor } from './approvals';
import { mapPushStatus } from './status';
import type { PaymentStatusBody, RequestToPayStatusBody } from './wire';

/** What differs between MTN's two push products (RequestToPay, CreatePayments). */
export interface PushProduct {
  /** For messages: "request to pay", "payment". */
  name: string;
  operation: string;
  controlPath: string;
  /** POST here; GET `{path}/{referenceId}` for the status. */
  path: string;
  body(input: PayInput): unknown;
}

/** Free-text fields MTN shows the payer; kept short for a phone's prompt (our choice). */
export const MAX_NOTE_LENGTH = 160;

/** What the backend calls the query parameter that names the payment in our callback URL. */
export const CALLBACK_REFERENCE_PARAM = 'ref';

/**
 * MTN's RequestToPay callback body has no referenceId (docs/providers.md, "MTN MoMo", "Callbacks"), so the callback URL
 * carries it: MTN only requires the URL's host to be the API user's providerCallbackHost.
 */
export function callbackUrlFor(callbackUrl: string, referenceId: string): string {
  const url = new URL(callbackUrl);
  url.searchParams.set(CALLBACK_REFERENCE_PARAM, referenceId);
  return url.toString();
}

/**
 * A push to the payer's phone: `create` only asks for the phone; `pay` sends the push with
 * the stored reference id as X-Reference-Id, and a lost answer is resolved by asking MTN for
 * that id before anything else happens.
 */
export function pushMethod({ client, options, statusSlot }: MtnMethodDeps, product: PushProduct): MtnMethod {
  const approvalsCode = approvalsCodeFor(options.targetEnvironment);
  const approvals = approvalsCode ? { push: { approvalsCode } } : {};
  const phone = options.phone ?? phoneRuleFor(options.targetEnvironment);
  const instruction = (needsPhone: boolean): PushInstruction => ({
    kind: 'push',
    needsPhone,
    phonePattern: phone.pattern.source,
    phoneExample: phone.example,
    // Names, not a sentence: the element phrases them in the payer's language.
    operators: ['MTN MoMo'],
  });

  /** The push as MTN has it, asked at once: part of the call that needs it (sending the push). */
  async function fetchPush(referenceId: string): Promise<ProviderStatus | undefined> {
    const response = await client.collection<RequestToPayStatusBody | PaymentStatusBody>('GET', `${product.path}/${encodeURIComponent(referenceId)}`);
    if (response.status === 404) return undefined;
    if (response.status !== 200 || !response.body) throw errorFrom(response, `report the ${product.name} status`);
    return mapPushStatus(response.body);
  }

  /** A status call (a poll, a callback confirmed): waits its slot under MTN's limit. */
  async function get(referenceId: string, priority: CallPriority = 'routine'): Promise<ProviderStatus | undefined> {
    await statusSlot(priority);
    return fetchPush(referenceId);
  }

  async function send(input: PayInput): Promise<void> {
    const headers = { 'X-Reference-Id': input.referenceId, 'X-Callback-Url': callbackUrlFor(input.callbackUrl, input.referenceId) };
    try {
      const response = await client.collection('POST', product.path, headers, product.body(input));
      // 409: this reference id already made one (a retry after a lost answer) — it is ours.
      if (response.status !== 202 && response.status !== 409) throw errorFrom(response, `send the ${product.name}`);
    } catch (err) {
      if (!(err instanceof ProviderError) || err.kind === 'rejected') throw err;
      // The answer was lost or MTN failed: the push may be on the phone. Ask before anything else.
      const found = await fetchPush(input.referenceId).then(
        (status) => status !== undefined,
        () => undefined,
      );
      if (found === false) throw err.confirmedNotSent();
      if (found === undefined) throw err;
    }
  }

  return {
    // MTN publishes no lifetime for a push: it is live until MTN reports it ended.
    capabilities: { currencies: options.currencies, amount: mtnAmountsFor(options.targetEnvironment), phone, ...approvals },
    operation: product.operation,
    controlPath: product.controlPath,

    create() {
      return Promise.resolve({ instructions: [instruction(true)], status: { status: 'pending', raw: 'AWAITING_PHONE' } });
    },

    // The create sends nothing to MTN: made again, it makes nothing twice.
    findLostCreate: () => Promise.resolve({ state: 'none' }),

    async pay(input) {
      await send(input);
      // MTN accepted it (202). Its first word is usually PENDING; a test number may have failed already.
      const status = await fetchPush(input.referenceId).catch(() => undefined);
      return {
        providerReference: input.referenceId,
        instructions: [instruction(false)],
        status: status ?? { status: 'processing', raw: 'ACCEPTED' },
      };
    },

    status: get,

    async cancel(checkout) {
      // Nothing was sent yet: there is nothing to close at MTN.
      if (!checkout.providerReference) return;
      throw new ProviderError('rejected', 'CANCEL_UNSUPPORTED', `MTN MoMo cannot withdraw a ${product.name} once it is on the payer's phone.`);
    },
  };
}

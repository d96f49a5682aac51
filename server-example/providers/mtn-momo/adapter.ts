import { z } from 'zod';
import { createHash } from 'node:crypto';
import { createMemoryCallSlots } from '../../rate-limiter';
import type { CheckoutRecord } from '../../store/types';
import { parseCallbackJson } from '../callbacks';
import { ProviderError, type CallbackRequest, type MethodCapabilities, type ProviderAdapter } from '../types';
import { createMtnClient, errorFrom } from './client';
import { invoiceMethod } from './invoice';
import type { MtnMethod, MtnMomoOptions } from './method';
import { paymentMethod } from './payment';
import { countriesFor } from './phones';
import { CALLBACK_REFERENCE_PARAM } from './push';
import { requestToPayMethod } from './request-to-pay';

export type { MtnMomoOptions } from './method';

/** MTN asks integrators for at most 10 status calls per second, per API user. */
const MAX_STATUS_CALLS_PER_SECOND = 10;

/**
 * What MTN counts status calls by: the API user. A provisioned sandbox user is made per process,
 * after start: those share one limit per subscription key (hashed: it is a secret).
 */
export function statusLimitKey(options: Pick<MtnMomoOptions, 'apiUser' | 'subscriptionKey'>): string {
  const user = options.apiUser ?? `provisioned-${createHash('sha256').update(options.subscriptionKey).digest('hex').slice(0, 16)}`;
  return `mtn-momo:status:${user}`;
}

const CallbackBody = z.object({ referenceId: z.string().min(1).optional() }).loose();

/**
 * MTN MoMo Collection: `invoice` (Invoice API: USSD + QR), `request-to-pay` (RequestToPay)
 * and `payment` (CreatePayments), the last two a push to the payer's phone.
 *
 * @example
 * ```ts
 * const mtn = createMtnMomoAdapter({ baseUrl: 'http://127.0.0.1:8080/sandbox/mtn-momo', subscriptionKey: 'k',
 *   targetEnvironment: 'mtnuganda', currencies: ['UGX'], callbackHost: 'localhost',
 *   ussdTemplate: '*165*3*{ref}*1#', payeeMsisdn: '256772123456', sandbox: true });
 * mtn.methods['request-to-pay']?.phone?.pattern.test('256772123456'); // true
 * ```
 */
export function createMtnMomoAdapter(options: MtnMomoOptions): ProviderAdapter {
  const callSlots = options.callSlots ?? createMemoryCallSlots();
  const deps = { client: createMtnClient(options), options, statusSlot: callSlots(statusLimitKey(options), MAX_STATUS_CALLS_PER_SECOND, 1_000) };
  const byMethod: Readonly<Record<string, MtnMethod>> = {
    invoice: invoiceMethod(deps),
    'request-to-pay': requestToPayMethod(deps),
    // CreatePayments names the merchant as MTN's Partner Gateway knows it: no name, no method.
    ...(options.sandbox || options.serviceProviderUserName ? { payment: paymentMethod(deps) } : {}),
  };
  const methods: Record<string, MethodCapabilities> = Object.fromEntries(Object.entries(byMethod).map(([name, method]) => [name, method.capabilities]));

  function methodOf(checkout: Pick<CheckoutRecord, 'method'>): MtnMethod {
    const method = Object.hasOwn(byMethod, checkout.method) ? byMethod[checkout.method] : undefined;
    if (!method) throw new ProviderError('rejected', 'UNSUPPORTED_METHOD', `MTN MoMo has no method "${checkout.method}".`);
    return method;
  }

  return {
    id: 'mtn-momo',
    methods,
    countries: countriesFor(options.targetEnvironment, options.currencies),
    operationFor: (method) => methodOf({ method }).operation,

    create: (input) => methodOf(input.checkout).create(input),
    findLostCreate: (input) => methodOf(input.checkout).findLostCreate(input),

    pay(input) {
      const method = methodOf(input.checkout);
      if (!method.pay) throw new ProviderError('rejected', 'PAY_NOT_SUPPORTED', `A ${input.checkout.method} checkout is paid with the instructions shown.`);
      return method.pay(input);
    },

    async fetchStatus(checkout, priority) {
      if (!checkout.providerReference) return undefined;
      return methodOf(checkout).status(checkout.providerReference, priority);
    },

    /**
     * An invoice or payment callback names its referenceId in the body; a RequestToPay
     * callback does not, so push callback URLs carry it as `?ref=` (push.ts).
     */
    callbackReference({ rawBody, query }: CallbackRequest) {
      // An empty body may still name its payment in the URL (`?ref=`).
      const parsed = CallbackBody.safeParse(rawBody ? parseCallbackJson(rawBody) : {});
      const reference = (parsed.success ? parsed.data.referenceId : undefined) ?? query.get(CALLBACK_REFERENCE_PARAM) ?? undefined;
      if (!reference) throw new ProviderError('rejected', 'MALFORMED_CALLBACK', 'The callback names no referenceId.');
      return reference;
    },

    cancel: (checkout, referenceId) => methodOf(checkout).cancel(checkout, referenceId),

    sandbox: options.sandbox
      ? {
          async act(checkout, action) {
            const method = methodOf(checkout);
            if (!checkout.providerReference) {
              throw new ProviderError('rejected', 'NOTHING_TO_ACT_ON', "MTN MoMo has nothing for this checkout yet (a push method needs the payer's phone first).");
            }
            const response = await deps.client.control(`${method.controlPath}/${encodeURIComponent(checkout.providerReference)}/${action}`);
            if (response.status >= 300) throw errorFrom(response, `${action} the payment`);
          },
        }
      : undefined,
  };
}

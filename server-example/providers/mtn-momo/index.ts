import { z } from 'zod';
import { refusePublicCredentials, requireSettings, setting } from '../settings';
import type { ProviderModule } from '../types';
import { createMtnMomoAdapter } from './adapter';
import { SANDBOX_PAYEE_MSISDN, SANDBOX_SUBSCRIPTION_KEY } from './sandbox-defaults';

/** The currency MTN accepts in each target environment (its sandbox: EUR only). */
const CURRENCY_BY_ENVIRONMENT = {
  sandbox: 'EUR',
  mtnuganda: 'UGX',
  mtnghana: 'GHS',
  mtnzambia: 'ZMW',
  mtncameroon: 'XAF',
  mtncongo: 'XAF',
  mtnbenin: 'XOF',
  mtnivorycoast: 'XOF',
  mtnliberia: 'LRD',
  mtnswaziland: 'SZL',
  mtnguineaconakry: 'GNF',
  mtnsouthafrica: 'ZAR',
} as const;
const ENVIRONMENTS = Object.keys(CURRENCY_BY_ENVIRONMENT) as [keyof typeof CURRENCY_BY_ENVIRONMENT, ...(keyof typeof CURRENCY_BY_ENVIRONMENT)[]];

const settings = z.object({
  /** Unset: our sandbox. MTN's own: https://sandbox.momodeveloper.mtn.com, https://proxy.momoapi.mtn.com. */
  MTN_BASE_URL: setting.url(),
  MTN_SUBSCRIPTION_KEY: setting.text(),
  /** Unset against a sandbox: provisioned. */
  MTN_API_USER: setting.text(),
  MTN_API_KEY: setting.text(),
  MTN_TARGET_ENVIRONMENT: setting.oneOf(ENVIRONMENTS).default('mtnuganda'),
  MTN_USSD_TEMPLATE: setting.text().pipe(z.string().includes('{ref}', { error: 'must contain {ref}' }).default('*165*3*{ref}*1#')),
  /** The invoice's payee: the merchant's MoMo number, digits only. */
  MTN_PAYEE_MSISDN: setting.text().pipe(
    z
      .string()
      .regex(/^\d{5,15}$/, 'must be 5–15 digits')
      .optional(),
  ),
  /** CreatePayments' `serviceProviderUserName`: enables the `payment` method against a real API. */
  MTN_SERVICE_PROVIDER_USERNAME: setting.text(),
  /** Per-call client timeout; default 30 s. */
  MTN_TIMEOUT_MS: setting.positiveInt(),
});

/**
 * MTN MoMo. Methods: `invoice`, `request-to-pay`, `payment`, all in the target environment's
 * currency; the push methods take that environment's MTN numbers (phones.ts).
 * Against a real base URL the subscription key is required; outside MTN's own `sandbox` target
 * environment (where API users are provisioned), the API user, its key and the payee too, and
 * `payment` is offered only with its service provider username.
 */
export const mtnMomo: ProviderModule<typeof settings> = {
  id: 'mtn-momo',
  settings,
  secrets: ['MTN_SUBSCRIPTION_KEY', 'MTN_API_KEY'],
  create({ settings: s, urls, production, callSlots }) {
    const baseUrl = s.MTN_BASE_URL;
    const targetEnvironment = s.MTN_TARGET_ENVIRONMENT;
    if (baseUrl) {
      const provisioned = targetEnvironment === 'sandbox';
      requireSettings(s, 'mtn-momo', 'MTN_BASE_URL', ['MTN_SUBSCRIPTION_KEY', ...(provisioned ? [] : ['MTN_API_USER', 'MTN_API_KEY', 'MTN_PAYEE_MSISDN'])]);
      refusePublicCredentials('mtn-momo', production, [
        ...(s.MTN_SUBSCRIPTION_KEY === SANDBOX_SUBSCRIPTION_KEY ? ['MTN_SUBSCRIPTION_KEY'] : []),
        ...(s.MTN_PAYEE_MSISDN === SANDBOX_PAYEE_MSISDN ? ['MTN_PAYEE_MSISDN'] : []),
      ]);
    }
    return {
      real: Boolean(baseUrl),
      adapter: createMtnMomoAdapter({
        callSlots,
        baseUrl: baseUrl ?? `${urls.sandbox}/sandbox/mtn-momo`,
        subscriptionKey: s.MTN_SUBSCRIPTION_KEY ?? SANDBOX_SUBSCRIPTION_KEY,
        apiUser: s.MTN_API_USER,
        apiKey: s.MTN_API_KEY,
        targetEnvironment,
        currencies: [CURRENCY_BY_ENVIRONMENT[targetEnvironment]],
        ussdTemplate: s.MTN_USSD_TEMPLATE,
        payeeMsisdn: s.MTN_PAYEE_MSISDN ?? SANDBOX_PAYEE_MSISDN,
        serviceProviderUserName: s.MTN_SERVICE_PROVIDER_USERNAME,
        callbackHost: new URL(urls.public).hostname,
        sandbox: !baseUrl,
        ...(s.MTN_TIMEOUT_MS ? { timeoutMs: s.MTN_TIMEOUT_MS } : {}),
      }),
    };
  },
};

import { createMtnMomoSandbox } from '../../sandboxes/mtn-momo';
import { requireSettings } from '../settings';
import type { ProviderModule } from '../types';
import { createMtnMomoAdapter } from './adapter';

/** The currency MTN accepts in each target environment (its sandbox: EUR only). */
const CURRENCY_BY_ENVIRONMENT: Readonly<Record<string, string>> = {
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
};

const DEFAULT_SUBSCRIPTION_KEY = 'momo-sandbox-subscription-key';

/**
 * MTN MoMo. Settings: `MTN_BASE_URL` (unset: our sandbox), `MTN_SUBSCRIPTION_KEY`,
 * `MTN_API_USER` + `MTN_API_KEY` (unset in the sandbox: provisioned), `MTN_TARGET_ENVIRONMENT`,
 * `MTN_USSD_TEMPLATE`, `MTN_PAYEE_MSISDN` (invoice), `MTN_SERVICE_PROVIDER_USERNAME` (payment),
 * `MTN_TIMEOUT_MS` (per-call client timeout; default 30 s).
 * Methods: `invoice`, `request-to-pay`, `payment`, all in the target environment's currency;
 * the push methods take that environment's MTN numbers (phones.ts).
 * Against a real base URL the subscription key is required; outside MTN's own `sandbox` target
 * environment (where API users are provisioned), the API user, its key and the payee too, and
 * `payment` is offered only with its service provider username.
 */
export const mtnMomo: ProviderModule = {
  id: 'mtn-momo',
  create({ env, urls }) {
    const baseUrl = env.MTN_BASE_URL?.replace(/\/$/, '');
    const subscriptionKey = env.MTN_SUBSCRIPTION_KEY ?? DEFAULT_SUBSCRIPTION_KEY;
    const targetEnvironment = env.MTN_TARGET_ENVIRONMENT ?? 'mtnuganda';
    const currency = CURRENCY_BY_ENVIRONMENT[targetEnvironment];
    const timeoutMs = Number(env.MTN_TIMEOUT_MS);
    if (baseUrl) {
      const production = targetEnvironment !== 'sandbox';
      requireSettings(env, 'mtn-momo', 'MTN_BASE_URL', ['MTN_SUBSCRIPTION_KEY', ...(production ? ['MTN_API_USER', 'MTN_API_KEY', 'MTN_PAYEE_MSISDN'] : [])]);
    }
    return {
      real: Boolean(baseUrl),
      sandbox: baseUrl ? undefined : createMtnMomoSandbox({ subscriptionKeys: [subscriptionKey] }),
      adapter: createMtnMomoAdapter({
        baseUrl: baseUrl ?? `${urls.local}/sandbox/mtn-momo`,
        subscriptionKey,
        apiUser: env.MTN_API_USER,
        apiKey: env.MTN_API_KEY,
        targetEnvironment,
        currencies: currency ? [currency] : [],
        ussdTemplate: env.MTN_USSD_TEMPLATE ?? '*165*3*{ref}*1#',
        payeeMsisdn: env.MTN_PAYEE_MSISDN ?? '256772123456',
        serviceProviderUserName: env.MTN_SERVICE_PROVIDER_USERNAME,
        callbackHost: new URL(urls.public).hostname,
        sandbox: !baseUrl,
        ...(timeoutMs > 0 ? { timeoutMs } : {}),
      }),
    };
  },
};

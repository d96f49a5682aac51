/**
 * What the MTN adapter uses against our sandbox when nothing is configured: the subscription key
 * the sandbox accepts by default, and a demo payee. Public by design; refused in production.
 */
export const SANDBOX_SUBSCRIPTION_KEY = 'momo-sandbox-subscription-key';
export const SANDBOX_PAYEE_MSISDN = '256772123456';

import { createDollrSandbox, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PAYOUT_PASSCODE } from '../../sandboxes/dollr';
import { requireSettings } from '../settings';
import type { ProviderModule } from '../types';
import { createDollrAdapter } from './adapter';

/**
 * Dollr (heydollr.app, seed 001). Settings: `DOLLR_BASE_URL` (unset: our sandbox; real:
 * https://api.heydollr.app), `DOLLR_CLIENT_ID` + `DOLLR_CLIENT_SECRET` (the sandbox takes
 * `dollr-sandbox-client` / `dollr-sandbox-secret` by default), `DOLLR_FEE_BEARER` (`PAYER`,
 * the default, or `PAYEE`), and for payouts `DOLLR_PAYOUT_PASSCODE` + `DOLLR_PAYOUT_PASSCODE_PHONE`
 * (sandbox: `123456` / `231770000000`), `DOLLR_SERVER_IP`, and `DOLLR_TIMEOUT_MS` (per-call client timeout).
 * Method `collection` (push): USD and LRD with Liberian numbers, RWF with Rwandan ones.
 * Dollr has no webhooks: nothing to configure for callbacks.
 */
export const dollr: ProviderModule = {
  id: 'dollr',
  create({ env, urls }) {
    const baseUrl = env.DOLLR_BASE_URL?.replace(/\/$/, '');
    if (baseUrl) requireSettings(env, 'dollr', 'DOLLR_BASE_URL', ['DOLLR_CLIENT_ID', 'DOLLR_CLIENT_SECRET']);
    const clientId = env.DOLLR_CLIENT_ID ?? DEFAULT_CLIENT_ID;
    const clientSecret = env.DOLLR_CLIENT_SECRET ?? DEFAULT_CLIENT_SECRET;
    const passcode = env.DOLLR_PAYOUT_PASSCODE ? { code: env.DOLLR_PAYOUT_PASSCODE, phone: env.DOLLR_PAYOUT_PASSCODE_PHONE ?? '' } : baseUrl ? undefined : DEFAULT_PAYOUT_PASSCODE;
    return {
      real: Boolean(baseUrl),
      sandbox: baseUrl
        ? undefined
        : createDollrSandbox({
            clients: [{ clientId, clientSecret }],
            ...(passcode ? { payoutPasscode: passcode } : {}),
            // Receipt pages are opened by payers' browsers: the public address, not the local one.
            receiptBaseUrl: `${urls.public}/sandbox/dollr/receipts`,
          }),
      adapter: createDollrAdapter({
        baseUrl: baseUrl ?? `${urls.local}/sandbox/dollr`,
        clientId,
        clientSecret,
        feeBearer: env.DOLLR_FEE_BEARER === 'PAYEE' ? 'PAYEE' : 'PAYER',
        ...(passcode ? { payoutPasscode: passcode } : {}),
        ...(env.DOLLR_SERVER_IP ? { serverIp: env.DOLLR_SERVER_IP } : {}),
        ...(Number(env.DOLLR_TIMEOUT_MS) > 0 ? { timeoutMs: Number(env.DOLLR_TIMEOUT_MS) } : {}),
        sandbox: !baseUrl,
      }),
    };
  },
};

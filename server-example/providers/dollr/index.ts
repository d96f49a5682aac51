import { z } from 'zod';
import { refusePublicCredentials, requireSettings, setting } from '../settings';
import type { ProviderModule } from '../types';
import { createDollrAdapter } from './adapter';
import { SANDBOX_CLIENT, SANDBOX_PAYOUT_PASSCODE } from './sandbox-defaults';

const settings = z.object({
  /** Unset: our sandbox. Real: https://api.heydollr.app. */
  DOLLR_BASE_URL: setting.url(),
  DOLLR_CLIENT_ID: setting.text(),
  DOLLR_CLIENT_SECRET: setting.text(),
  /** Who bears Dollr's fee: `PAYER` (the default) or `PAYEE`. */
  DOLLR_FEE_BEARER: setting.oneOf(['PAYER', 'PAYEE']).default('PAYER'),
  /** The merchant passcode payouts need, and the phone it belongs to. */
  DOLLR_PAYOUT_PASSCODE: setting.text(),
  DOLLR_PAYOUT_PASSCODE_PHONE: setting.text().pipe(
    z
      .string()
      .regex(/^\d{5,15}$/, 'must be 5–15 digits')
      .optional(),
  ),
  /** The server's IP, sent with payouts' device; default 127.0.0.1. */
  DOLLR_SERVER_IP: setting.text().pipe(z.union([z.ipv4(), z.ipv6()], { error: 'must be an IP address' }).optional()),
  /** Per-call client timeout. */
  DOLLR_TIMEOUT_MS: setting.positiveInt(),
});

/**
 * Dollr (heydollr.app, seed 001). Method `collection` (push): USD and LRD with Liberian numbers,
 * RWF with Rwandan ones. Payouts need `DOLLR_PAYOUT_PASSCODE` against a real base URL (the
 * sandbox's is used otherwise). Dollr has no webhooks: nothing to configure for callbacks.
 */
export const dollr: ProviderModule<typeof settings> = {
  id: 'dollr',
  settings,
  secrets: ['DOLLR_CLIENT_SECRET', 'DOLLR_PAYOUT_PASSCODE'],
  create({ settings: s, urls, production }) {
    const baseUrl = s.DOLLR_BASE_URL;
    if (baseUrl) {
      requireSettings(s, 'dollr', 'DOLLR_BASE_URL', ['DOLLR_CLIENT_ID', 'DOLLR_CLIENT_SECRET']);
      refusePublicCredentials('dollr', production, [
        ...(s.DOLLR_CLIENT_ID === SANDBOX_CLIENT.clientId ? ['DOLLR_CLIENT_ID'] : []),
        ...(s.DOLLR_CLIENT_SECRET === SANDBOX_CLIENT.clientSecret ? ['DOLLR_CLIENT_SECRET'] : []),
        ...(s.DOLLR_PAYOUT_PASSCODE === SANDBOX_PAYOUT_PASSCODE.code ? ['DOLLR_PAYOUT_PASSCODE'] : []),
      ]);
      if (s.DOLLR_PAYOUT_PASSCODE) requireSettings(s, 'dollr', 'DOLLR_PAYOUT_PASSCODE', ['DOLLR_PAYOUT_PASSCODE_PHONE']);
    }
    const passcode = s.DOLLR_PAYOUT_PASSCODE ? { code: s.DOLLR_PAYOUT_PASSCODE, phone: s.DOLLR_PAYOUT_PASSCODE_PHONE ?? '' } : baseUrl ? undefined : SANDBOX_PAYOUT_PASSCODE;
    return {
      real: Boolean(baseUrl),
      adapter: createDollrAdapter({
        baseUrl: baseUrl ?? `${urls.sandbox}/sandbox/dollr`,
        clientId: s.DOLLR_CLIENT_ID ?? SANDBOX_CLIENT.clientId,
        clientSecret: s.DOLLR_CLIENT_SECRET ?? SANDBOX_CLIENT.clientSecret,
        feeBearer: s.DOLLR_FEE_BEARER,
        ...(passcode ? { payoutPasscode: { ...passcode } } : {}),
        ...(s.DOLLR_SERVER_IP ? { serverIp: s.DOLLR_SERVER_IP } : {}),
        ...(s.DOLLR_TIMEOUT_MS ? { timeoutMs: s.DOLLR_TIMEOUT_MS } : {}),
        sandbox: !baseUrl,
      }),
    };
  },
};

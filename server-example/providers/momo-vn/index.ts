import { z } from 'zod';
import { refusePublicCredentials, requireSettings, setting } from '../settings';
import type { ProviderModule } from '../types';
import { createMomoVnAdapter } from './adapter';
import { PUBLIC_TEST_CREDENTIALS } from './sandbox-defaults';

const settings = z.object({
  /** Unset: our sandbox. MoMo's own test host: https://test-payment.momo.vn; production https://payment.momo.vn. */
  MOMO_VN_BASE_URL: setting.url(),
  MOMO_VN_PARTNER_CODE: setting.text(),
  MOMO_VN_ACCESS_KEY: setting.text(),
  MOMO_VN_SECRET_KEY: setting.text(),
  /** Where MoMo returns the payer's browser; default: this backend's public URL. */
  MOMO_VN_REDIRECT_URL: setting.url({ page: true }),
  /** Per-call client timeout; default 30 s, as MoMo asks. */
  MOMO_VN_TIMEOUT_MS: setting.positiveInt(),
});

const CREDENTIAL_VARIABLES = { partnerCode: 'MOMO_VN_PARTNER_CODE', accessKey: 'MOMO_VN_ACCESS_KEY', secretKey: 'MOMO_VN_SECRET_KEY' } as const;

/**
 * MoMo Vietnam (AIO v2 captureWallet). Against our sandbox the default credentials are MoMo's
 * public `MOMO` test set; against any base URL all three must be set (MoMo's own test host takes
 * the public sets, given explicitly), and production refuses the public sets.
 */
export const momoVn: ProviderModule<typeof settings> = {
  id: 'momo-vn',
  settings,
  secrets: ['MOMO_VN_SECRET_KEY', 'MOMO_VN_ACCESS_KEY'],
  create({ settings: s, urls, production }) {
    const baseUrl = s.MOMO_VN_BASE_URL;
    const fallback = PUBLIC_TEST_CREDENTIALS[0]!;
    const credential = {
      partnerCode: s.MOMO_VN_PARTNER_CODE ?? fallback.partnerCode,
      accessKey: s.MOMO_VN_ACCESS_KEY ?? fallback.accessKey,
      secretKey: s.MOMO_VN_SECRET_KEY ?? fallback.secretKey,
    };
    if (baseUrl) {
      requireSettings(s, 'momo-vn', 'MOMO_VN_BASE_URL', Object.values(CREDENTIAL_VARIABLES));
      // A public set's secret signs for anyone: its access key or secret alone gives it away.
      const publicSet = PUBLIC_TEST_CREDENTIALS.find((set) => set.accessKey === credential.accessKey || set.secretKey === credential.secretKey);
      refusePublicCredentials(
        'momo-vn',
        production,
        publicSet ? (['accessKey', 'secretKey'] as const).filter((key) => credential[key] === publicSet[key]).map((key) => CREDENTIAL_VARIABLES[key]) : [],
      );
    }
    return {
      real: Boolean(baseUrl),
      adapter: createMomoVnAdapter({
        baseUrl: baseUrl ?? `${urls.sandbox}/sandbox/momo-vn`,
        ...credential,
        redirectUrl: s.MOMO_VN_REDIRECT_URL ?? `${urls.public}/`,
        sandbox: !baseUrl,
        ...(s.MOMO_VN_TIMEOUT_MS ? { timeoutMs: s.MOMO_VN_TIMEOUT_MS } : {}),
      }),
    };
  },
};

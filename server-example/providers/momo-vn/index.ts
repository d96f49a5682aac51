import { createMomoVnSandbox, PUBLIC_TEST_CREDENTIALS } from '../../sandboxes/momo-vn';
import type { ProviderModule } from '../types';
import { createMomoVnAdapter } from './adapter';

/** MoMo's public sandbox set from its sample code (docs/providers.md, "MoMo Vietnam"): the default when none is configured. */
const DEFAULT_CREDENTIAL = { partnerCode: 'MOMO', accessKey: 'F8BBA842ECF85', secretKey: 'K951B6PE1waDMi640xX08PD3vg6EkVlz' };

/**
 * MoMo Vietnam (AIO v2 captureWallet). Settings: `MOMO_VN_BASE_URL` (unset: our sandbox;
 * MoMo's own test host is https://test-payment.momo.vn), `MOMO_VN_PARTNER_CODE`,
 * `MOMO_VN_ACCESS_KEY`, `MOMO_VN_SECRET_KEY` (default: the public `MOMO` test set),
 * `MOMO_VN_REDIRECT_URL` (where MoMo returns the payer's browser; default: this backend's public URL),
 * `MOMO_VN_TIMEOUT_MS` (per-call client timeout; default 30 s, as MoMo asks).
 */
export const momoVn: ProviderModule = {
  id: 'momo-vn',
  create({ env, urls }) {
    const baseUrl = env.MOMO_VN_BASE_URL?.replace(/\/$/, '');
    const credential = {
      partnerCode: env.MOMO_VN_PARTNER_CODE ?? DEFAULT_CREDENTIAL.partnerCode,
      accessKey: env.MOMO_VN_ACCESS_KEY ?? DEFAULT_CREDENTIAL.accessKey,
      secretKey: env.MOMO_VN_SECRET_KEY ?? DEFAULT_CREDENTIAL.secretKey,
    };
    const timeoutMs = Number(env.MOMO_VN_TIMEOUT_MS);
    const known = PUBLIC_TEST_CREDENTIALS.some((set) => set.partnerCode === credential.partnerCode && set.accessKey === credential.accessKey && set.secretKey === credential.secretKey);
    return {
      real: Boolean(baseUrl),
      sandbox: baseUrl ? undefined : createMomoVnSandbox({ credentials: known ? [] : [credential] }),
      adapter: createMomoVnAdapter({
        baseUrl: baseUrl ?? `${urls.local}/sandbox/momo-vn`,
        ...credential,
        redirectUrl: env.MOMO_VN_REDIRECT_URL ?? `${urls.public}/`,
        sandbox: !baseUrl,
        ...(timeoutMs > 0 ? { timeoutMs } : {}),
      }),
    };
  },
};

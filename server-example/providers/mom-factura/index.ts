import { z } from 'zod';
import { refusePublicCredentials, requireSettings, setting } from '../settings';
import type { ProviderModule } from '../types';
import { createMomFacturaAdapter } from './adapter';
import { SANDBOX_API_KEY } from './sandbox-defaults';

const settings = z.object({
  /** Unset: our sandbox. Real: https://api.momenu.online. */
  MOM_FACTURA_BASE_URL: setting.url(),
  MOM_FACTURA_API_KEY: setting.text(),
  /** `true` sends `x-env-qa: true`; default true against the sandbox (its QA test phones work), false against a real base URL. */
  MOM_FACTURA_QA: setting.flag(),
  /** Per-call client timeout; default 30 s. */
  MOM_FACTURA_TIMEOUT_MS: setting.positiveInt(),
  /** How long an MCX push may take to answer, which it does once the payer acts; default 120 s. */
  MOM_FACTURA_MCX_TIMEOUT_MS: setting.positiveInt(),
  /** How often a bank reference may be polled; default 30 s, Mom Factura's minimum. */
  MOM_FACTURA_REFERENCE_POLL_MS: setting.positiveInt(),
  /** How many days after issue Mom Factura makes a bank reference due; default 3, as our sandbox. */
  MOM_FACTURA_REFERENCE_DUE_DAYS: setting.positiveInt(),
});

/**
 * Mom Factura (Angola). Real webhooks go to the URL set in Mom Factura's dashboard:
 * `{public URL}/v1/callbacks/mom-factura`.
 */
export const momFactura: ProviderModule<typeof settings> = {
  id: 'mom-factura',
  settings,
  secrets: ['MOM_FACTURA_API_KEY'],
  create({ settings: s, urls, production, callSlots }) {
    const baseUrl = s.MOM_FACTURA_BASE_URL;
    if (baseUrl) {
      requireSettings(s, 'mom-factura', 'MOM_FACTURA_BASE_URL', ['MOM_FACTURA_API_KEY']);
      refusePublicCredentials('mom-factura', production, s.MOM_FACTURA_API_KEY === SANDBOX_API_KEY ? ['MOM_FACTURA_API_KEY'] : []);
    }
    return {
      real: Boolean(baseUrl),
      adapter: createMomFacturaAdapter({
        callSlots,
        baseUrl: baseUrl ?? `${urls.sandbox}/sandbox/mom-factura`,
        apiKey: s.MOM_FACTURA_API_KEY ?? SANDBOX_API_KEY,
        qa: s.MOM_FACTURA_QA ?? !baseUrl,
        sandbox: !baseUrl,
        ...(s.MOM_FACTURA_TIMEOUT_MS ? { timeoutMs: s.MOM_FACTURA_TIMEOUT_MS } : {}),
        ...(s.MOM_FACTURA_MCX_TIMEOUT_MS ? { mcxTimeoutMs: s.MOM_FACTURA_MCX_TIMEOUT_MS } : {}),
        ...(s.MOM_FACTURA_REFERENCE_POLL_MS ? { referencePollIntervalMs: s.MOM_FACTURA_REFERENCE_POLL_MS } : {}),
        ...(s.MOM_FACTURA_REFERENCE_DUE_DAYS ? { referenceDueDays: s.MOM_FACTURA_REFERENCE_DUE_DAYS } : {}),
      }),
    };
  },
};

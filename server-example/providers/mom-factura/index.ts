import { createMomFacturaSandbox, DEFAULT_API_KEY } from '../../sandboxes/mom-factura';
import type { ProviderModule } from '../types';
import { createMomFacturaAdapter } from './adapter';

/**
 * Mom Factura (Angola). Settings: `MOM_FACTURA_BASE_URL` (unset: our sandbox; real:
 * https://api.momenu.online), `MOM_FACTURA_API_KEY` (the sandbox accepts `mf_sandbox_key`
 * by default), `MOM_FACTURA_QA` (`true` sends `x-env-qa: true`; default true against the
 * sandbox, so its QA test phones work, false against a real base URL).
 * Real webhooks go to the URL set in Mom Factura's dashboard: `{public URL}/v1/callbacks/mom-factura`.
 */
export const momFactura: ProviderModule = {
  id: 'mom-factura',
  create({ env, urls }) {
    const baseUrl = env.MOM_FACTURA_BASE_URL?.replace(/\/$/, '');
    const apiKey = env.MOM_FACTURA_API_KEY ?? DEFAULT_API_KEY;
    const qa = env.MOM_FACTURA_QA === undefined ? !baseUrl : env.MOM_FACTURA_QA === 'true';
    return {
      real: Boolean(baseUrl),
      sandbox: baseUrl ? undefined : createMomFacturaSandbox({ apiKeys: [{ key: apiKey }] }),
      adapter: createMomFacturaAdapter({ baseUrl: baseUrl ?? `${urls.local}/sandbox/mom-factura`, apiKey, qa, sandbox: !baseUrl }),
    };
  },
};

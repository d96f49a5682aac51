import { createMomFacturaSandbox, DEFAULT_API_KEY } from '../../sandboxes/mom-factura';
import { requireSettings } from '../settings';
import type { ProviderModule } from '../types';
import { createMomFacturaAdapter } from './adapter';

/**
 * Mom Factura (Angola). Settings: `MOM_FACTURA_BASE_URL` (unset: our sandbox; real:
 * https://api.momenu.online), `MOM_FACTURA_API_KEY` (the sandbox accepts `mf_sandbox_key`
 * by default), `MOM_FACTURA_QA` (`true` sends `x-env-qa: true`; default true against the
 * sandbox, so its QA test phones work, false against a real base URL), `MOM_FACTURA_TIMEOUT_MS`
 * (per-call client timeout; default 30 s) and `MOM_FACTURA_MCX_TIMEOUT_MS` (how long an MCX push
 * may take to answer, which it does once the payer acts; default 120 s) and
 * `MOM_FACTURA_REFERENCE_POLL_MS` (how often a bank reference may be polled; default 30 s, Mom Factura's minimum) and
 * `MOM_FACTURA_REFERENCE_DUE_DAYS` (how many days after issue Mom Factura makes a bank reference due; default 3, as our sandbox).
 * Real webhooks go to the URL set in Mom Factura's dashboard: `{public URL}/v1/callbacks/mom-factura`.
 */
export const momFactura: ProviderModule = {
  id: 'mom-factura',
  create({ env, urls }) {
    const baseUrl = env.MOM_FACTURA_BASE_URL?.replace(/\/$/, '');
    const apiKey = env.MOM_FACTURA_API_KEY ?? DEFAULT_API_KEY;
    const qa = env.MOM_FACTURA_QA === undefined ? !baseUrl : env.MOM_FACTURA_QA === 'true';
    const timeoutMs = Number(env.MOM_FACTURA_TIMEOUT_MS);
    const mcxTimeoutMs = Number(env.MOM_FACTURA_MCX_TIMEOUT_MS);
    const referencePollIntervalMs = Number(env.MOM_FACTURA_REFERENCE_POLL_MS);
    const referenceDueDays = Number(env.MOM_FACTURA_REFERENCE_DUE_DAYS);
    if (baseUrl) requireSettings(env, 'mom-factura', 'MOM_FACTURA_BASE_URL', ['MOM_FACTURA_API_KEY']);
    return {
      real: Boolean(baseUrl),
      sandbox: baseUrl ? undefined : createMomFacturaSandbox({ apiKeys: [{ key: apiKey }] }),
      adapter: createMomFacturaAdapter({
        baseUrl: baseUrl ?? `${urls.local}/sandbox/mom-factura`,
        apiKey,
        qa,
        sandbox: !baseUrl,
        ...(timeoutMs > 0 ? { timeoutMs } : {}),
        ...(mcxTimeoutMs > 0 ? { mcxTimeoutMs } : {}),
        ...(referencePollIntervalMs > 0 ? { referencePollIntervalMs } : {}),
        ...(Number.isInteger(referenceDueDays) && referenceDueDays > 0 ? { referenceDueDays } : {}),
      }),
    };
  },
};

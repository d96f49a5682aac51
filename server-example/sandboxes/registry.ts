import type { Hono } from 'hono';
import { createDollrSandbox, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from './dollr';
import { createMomFacturaSandbox, DEFAULT_API_KEY } from './mom-factura';
import { createMomoVnSandbox, PUBLIC_TEST_CREDENTIALS } from './momo-vn';
import { createMtnMomoSandbox, DEFAULT_SUBSCRIPTION_KEY } from './mtn-momo';
import type { SandboxCredentials } from './settings';

export type SandboxLog = (msg: string, fields?: Record<string, unknown>) => void;

export interface SandboxesOptions {
  /** Where payers' browsers reach the sandboxes, without `/sandbox`: Dollr's receipts, MoMo VN's pay pages, Mom Factura's invoices. */
  publicUrl: string;
  /** Credentials accepted besides each sandbox's public defaults. */
  credentials?: SandboxCredentials;
  /** False: no control API anywhere (no one can act as the payer); the providers' APIs alone. Default true. */
  control?: boolean;
  /** Only these providers' sandboxes; default: all. */
  only?: ReadonlySet<string>;
  log?: SandboxLog;
}

/** Every provider's sandbox, to mount at `/sandbox/{id}`: in this backend, or in their own process (main.ts). */
export function createSandboxes(options: SandboxesOptions): ReadonlyMap<string, Hono> {
  const { publicUrl, credentials: given = {}, log } = options;
  const control = options.control !== false;
  const base = (id: string) => `${publicUrl}/sandbox/${id}`;
  const common = { control, ...(log ? { log } : {}) };

  const factories: Record<string, () => Hono> = {
    'mtn-momo': () => createMtnMomoSandbox({ ...common, subscriptionKeys: unique([DEFAULT_SUBSCRIPTION_KEY, given.MTN_SUBSCRIPTION_KEY]) }),
    'momo-vn': () => {
      const { MOMO_VN_PARTNER_CODE: partnerCode, MOMO_VN_ACCESS_KEY: accessKey, MOMO_VN_SECRET_KEY: secretKey } = given;
      const own = partnerCode && accessKey && secretKey ? { partnerCode, accessKey, secretKey } : undefined;
      const known = own && PUBLIC_TEST_CREDENTIALS.some((set) => set.partnerCode === own.partnerCode && set.accessKey === own.accessKey && set.secretKey === own.secretKey);
      return createMomoVnSandbox({ ...common, credentials: own && !known ? [own] : [], payBaseUrl: base('momo-vn') });
    },
    'mom-factura': () =>
      createMomFacturaSandbox({ ...common, apiKeys: unique([DEFAULT_API_KEY, given.MOM_FACTURA_API_KEY]).map((key) => ({ key })), invoiceBaseUrl: `${base('mom-factura')}/invoices` }),
    dollr: () => {
      const own = given.DOLLR_CLIENT_ID && given.DOLLR_CLIENT_SECRET ? [{ clientId: given.DOLLR_CLIENT_ID, clientSecret: given.DOLLR_CLIENT_SECRET }] : [];
      return createDollrSandbox({
        ...common,
        clients: [{ clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET }, ...own],
        ...(given.DOLLR_PAYOUT_PASSCODE ? { payoutPasscode: { code: given.DOLLR_PAYOUT_PASSCODE, phone: given.DOLLR_PAYOUT_PASSCODE_PHONE ?? '' } } : {}),
        receiptBaseUrl: `${base('dollr')}/receipts`,
      });
    },
  };

  const sandboxes = new Map<string, Hono>();
  for (const [id, create] of Object.entries(factories)) {
    if (!options.only || options.only.has(id)) sandboxes.set(id, create());
  }
  return sandboxes;
}

const unique = (values: readonly (string | undefined)[]): string[] => [...new Set(values.filter((value): value is string => Boolean(value)))];

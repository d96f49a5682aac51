import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { ConfigError } from '../../server-example/config';
import { secretVariables } from '../../server-example/config/secrets';
import { startServer } from '../../server-example/server';
import { PROVIDER_MODULES } from '../../server-example/providers/registry';
import { createBackendProviders } from '../../server-example/sandboxes/in-backend';
import { configFromEnv, providersFromEnv } from './provider-context';

const providers = (env: NodeJS.ProcessEnv, production = false) => providersFromEnv(env, { production });

/** Each provider against its real API with all its own credentials: what production may run on. */
const REAL: Readonly<Record<string, NodeJS.ProcessEnv>> = {
  'mtn-momo': { MTN_BASE_URL: 'https://proxy.momoapi.mtn.com', MTN_SUBSCRIPTION_KEY: 'k', MTN_API_USER: 'u', MTN_API_KEY: 'p', MTN_PAYEE_MSISDN: '256770000001' },
  'momo-vn': { MOMO_VN_BASE_URL: 'https://payment.momo.vn', MOMO_VN_PARTNER_CODE: 'SHOP01', MOMO_VN_ACCESS_KEY: 'ak-shop', MOMO_VN_SECRET_KEY: 'sk-shop' },
  'mom-factura': { MOM_FACTURA_BASE_URL: 'https://api.momenu.online', MOM_FACTURA_API_KEY: 'mf_live' },
  dollr: { DOLLR_BASE_URL: 'https://api.heydollr.app', DOLLR_CLIENT_ID: 'id', DOLLR_CLIENT_SECRET: 's' },
};

test('with no base URLs every provider talks to its sandbox, and all of MTN’s methods are offered', () => {
  const { adapters, sandboxed } = providers({});
  assert.deepEqual([...sandboxed].sort(), ['dollr', 'mom-factura', 'momo-vn', 'mtn-momo']);
  assert.deepEqual(Object.keys(adapters.get('mtn-momo')!.methods).sort(), ['invoice', 'payment', 'request-to-pay']);
});

test('every module declares its variables and its secrets; the secrets are among its variables', () => {
  assert.deepEqual(PROVIDER_MODULES.map((module) => module.id).sort(), ['dollr', 'mom-factura', 'momo-vn', 'mtn-momo']);
  for (const module of PROVIDER_MODULES) {
    assert.ok(module.secrets.length > 0, module.id);
    for (const secret of module.secrets) assert.ok(Object.hasOwn(module.settings.shape, secret), `${module.id}: ${secret}`);
  }
  for (const name of ['MTN_API_KEY', 'MTN_SUBSCRIPTION_KEY', 'MOMO_VN_SECRET_KEY', 'MOM_FACTURA_API_KEY', 'DOLLR_CLIENT_SECRET', 'DOLLR_PAYOUT_PASSCODE']) {
    assert.ok(secretVariables().includes(name), name);
  }
});

test('a bad value is a startup error naming the variable, never a NaN or a silent default', () => {
  const parsedSettings = (env: NodeJS.ProcessEnv) => configFromEnv(env).providerSettings;
  const cases: [NodeJS.ProcessEnv, RegExp][] = [
    [{ MTN_TIMEOUT_MS: '1s' }, /MTN_TIMEOUT_MS must be a whole number 1 or more, not "1s"/],
    // Digits only: no exponent, hex or sign, as for the core's numbers.
    [{ MTN_TIMEOUT_MS: '1e3' }, /MTN_TIMEOUT_MS must be a whole number 1 or more, not "1e3"/],
    [{ MTN_TIMEOUT_MS: '0x10' }, /MTN_TIMEOUT_MS must be a whole number 1 or more, not "0x10"/],
    [{ MOM_FACTURA_REFERENCE_DUE_DAYS: '0' }, /MOM_FACTURA_REFERENCE_DUE_DAYS must be a whole number 1 or more, not "0"/],
    [{ MOM_FACTURA_QA: 'yes' }, /MOM_FACTURA_QA must be on or off \(true\/false and 1\/0 also do\), not "yes"/],
    [{ MTN_TARGET_ENVIRONMENT: 'mtnkenya' }, /MTN_TARGET_ENVIRONMENT must be one of sandbox, mtnuganda/],
    [{ MTN_BASE_URL: 'proxy.momoapi.mtn.com' }, /MTN_BASE_URL must be an absolute http\(s\) URL/],
    [{ MOMO_VN_REDIRECT_URL: 'ftp://shop.example/' }, /MOMO_VN_REDIRECT_URL must be an absolute http\(s\) URL/],
    [{ DOLLR_FEE_BEARER: 'payee' }, /DOLLR_FEE_BEARER must be one of PAYER, PAYEE/],
    [{ DOLLR_SERVER_IP: 'my-server' }, /DOLLR_SERVER_IP must be an IP address/],
    [{ MTN_USSD_TEMPLATE: '*165*3#' }, /MTN_USSD_TEMPLATE must contain \{ref\}/],
  ];
  for (const [env, message] of cases) assert.throws(() => parsedSettings(env), message, JSON.stringify(env));
  // All at once: one error naming each.
  assert.throws(
    () => parsedSettings({ MTN_TIMEOUT_MS: 'abc', DOLLR_TIMEOUT_MS: '-5' }),
    (error: Error) => /MTN_TIMEOUT_MS/.test(error.message) && /DOLLR_TIMEOUT_MS/.test(error.message),
  );
  // A blank variable is unset, and values are parsed to what the adapters take.
  const parsed = parsedSettings({ MTN_API_KEY: '  ', MTN_TIMEOUT_MS: '2500', MOM_FACTURA_QA: 'false', MTN_BASE_URL: 'https://proxy.momoapi.mtn.com/' });
  // The flag reads as the core's do: on/off and 1/0 too.
  assert.equal(parsedSettings({ MOM_FACTURA_QA: 'on' })['mom-factura']!.MOM_FACTURA_QA, true);
  assert.equal(parsedSettings({ MOM_FACTURA_QA: '0' })['mom-factura']!.MOM_FACTURA_QA, false);
  assert.equal(parsed['mtn-momo']!.MTN_API_KEY, undefined);
  assert.equal(parsed['mtn-momo']!.MTN_TIMEOUT_MS, 2500);
  assert.equal(parsed['mtn-momo']!.MTN_BASE_URL, 'https://proxy.momoapi.mtn.com');
  assert.equal(parsed['mom-factura']!.MOM_FACTURA_QA, false);
});

test('a real MTN target environment needs its own API user, key and payee: the demo payee is never used', () => {
  assert.throws(() => providers({ MTN_BASE_URL: 'https://proxy.momoapi.mtn.com', MTN_SUBSCRIPTION_KEY: 'k' }), /mtn-momo: MTN_BASE_URL is set, so set MTN_API_USER, MTN_API_KEY, MTN_PAYEE_MSISDN too/);
  assert.throws(() => providers({ MTN_BASE_URL: 'https://proxy.momoapi.mtn.com' }), /MTN_SUBSCRIPTION_KEY, MTN_API_USER/);
  const { adapters, sandboxed } = providers(REAL['mtn-momo']!);
  assert.equal(sandboxed.has('mtn-momo'), false);
  // CreatePayments names the merchant; without that name the method is not offered.
  assert.deepEqual(Object.keys(adapters.get('mtn-momo')!.methods).sort(), ['invoice', 'request-to-pay']);
  assert.ok(providers({ ...REAL['mtn-momo'], MTN_SERVICE_PROVIDER_USERNAME: 'school' }).adapters.get('mtn-momo')!.methods.payment);
});

test('MTN’s own sandbox provisions its API user: only the subscription key is required there', () => {
  const { adapters } = providers({ MTN_BASE_URL: 'https://sandbox.momodeveloper.mtn.com', MTN_TARGET_ENVIRONMENT: 'sandbox', MTN_SUBSCRIPTION_KEY: 'k' });
  assert.ok(adapters.get('mtn-momo'));
});

test('every provider against a real base URL without its credentials refuses to start, naming them', () => {
  assert.throws(() => providers({ MOM_FACTURA_BASE_URL: 'https://api.momenu.online' }), /mom-factura: MOM_FACTURA_BASE_URL is set, so set MOM_FACTURA_API_KEY too/);
  assert.throws(() => providers({ DOLLR_BASE_URL: 'https://api.heydollr.app', DOLLR_CLIENT_ID: 'id' }), /dollr: DOLLR_BASE_URL is set, so set DOLLR_CLIENT_SECRET too/);
  // MoMo VN used to start here on MoMo's public test secret.
  for (const production of [false, true]) {
    assert.throws(
      () => providers({ MOMO_VN_BASE_URL: 'https://payment.momo.vn' }, production),
      /momo-vn: MOMO_VN_BASE_URL is set, so set MOMO_VN_PARTNER_CODE, MOMO_VN_ACCESS_KEY, MOMO_VN_SECRET_KEY too/,
    );
    assert.throws(() => providers({ MOMO_VN_BASE_URL: 'https://payment.momo.vn', MOMO_VN_PARTNER_CODE: 'SHOP01', MOMO_VN_ACCESS_KEY: 'ak' }, production), /so set MOMO_VN_SECRET_KEY too/);
  }
  const { adapters } = providers({ ...REAL['mom-factura'], ...REAL.dollr, ...REAL['momo-vn'] });
  assert.ok(adapters.get('mom-factura') && adapters.get('dollr') && adapters.get('momo-vn'));
});

test('production refuses the public test credentials on every provider, even set explicitly', () => {
  const cases: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['mtn-momo', { MTN_SUBSCRIPTION_KEY: 'momo-sandbox-subscription-key' }, /mtn-momo: MTN_SUBSCRIPTION_KEY holds a public test credential/],
    ['mtn-momo', { MTN_PAYEE_MSISDN: '256772123456' }, /mtn-momo: MTN_PAYEE_MSISDN holds a public test credential/],
    [
      'momo-vn',
      { MOMO_VN_PARTNER_CODE: 'MOMO', MOMO_VN_ACCESS_KEY: 'F8BBA842ECF85', MOMO_VN_SECRET_KEY: 'K951B6PE1waDMi640xX08PD3vg6EkVlz' },
      /momo-vn: MOMO_VN_ACCESS_KEY, MOMO_VN_SECRET_KEY hold public test credentials/,
    ],
    ['momo-vn', { MOMO_VN_SECRET_KEY: 'at67qH6mk8w5Y1nAyMoYKMWACiEi2bsa' }, /momo-vn: MOMO_VN_SECRET_KEY holds a public test credential/],
    ['mom-factura', { MOM_FACTURA_API_KEY: 'mf_sandbox_key' }, /mom-factura: MOM_FACTURA_API_KEY holds a public test credential/],
    ['dollr', { DOLLR_CLIENT_ID: 'dollr-sandbox-client', DOLLR_CLIENT_SECRET: 'dollr-sandbox-secret' }, /dollr: DOLLR_CLIENT_ID, DOLLR_CLIENT_SECRET hold public test credentials/],
    ['dollr', { DOLLR_PAYOUT_PASSCODE: '123456', DOLLR_PAYOUT_PASSCODE_PHONE: '231770000000' }, /dollr: DOLLR_PAYOUT_PASSCODE holds a public test credential/],
  ];
  for (const [id, overrides, message] of cases) {
    const env = { ...REAL[id], ...overrides };
    assert.throws(() => providers(env, true), message, `${id} ${JSON.stringify(overrides)}`);
    // Outside production the same settings start (MoMo's own test host takes its public sets).
    assert.ok(providers(env, false).adapters.get(id), id);
  }
  // Each provider's own credentials pass in production.
  for (const [id, env] of Object.entries(REAL)) assert.ok(providers(env, true).adapters.get(id), id);
});

test('in production only providers with a real base URL are offered', () => {
  const { adapters } = providers(REAL['mom-factura']!, true);
  assert.deepEqual([...adapters.keys()], ['mom-factura']);
});

test('in-process sandboxes: all of them with the demo; with SANDBOX_URL none, the adapters pointing there', () => {
  const log = pino({ level: 'silent' });
  const urls = { local: 'http://127.0.0.1:8080', public: 'http://localhost:8080' };
  const backend = (env: NodeJS.ProcessEnv, production: boolean, demo: boolean) => {
    const config = configFromEnv(env);
    return createBackendProviders({ env, production, demo, urls, log, settings: config.providerSettings, ...(config.sandboxUrl ? { sandboxUrl: config.sandboxUrl } : {}) });
  };
  const inProcess = backend({ ...REAL['mom-factura'] }, false, true);
  assert.deepEqual([...inProcess.sandboxes.keys()].sort(), ['dollr', 'momo-vn', 'mtn-momo'], 'a provider with a real base URL has no sandbox');
  const remote = backend({ SANDBOX_URL: 'http://127.0.0.1:8090/' }, false, true);
  assert.equal(remote.sandboxes.size, 0);
  assert.equal(remote.sandboxUrl, 'http://127.0.0.1:8090');
  assert.throws(() => backend({ SANDBOX_URL: '127.0.0.1:8090' }, false, true), /SANDBOX_URL is not a URL/);
  const production = backend({ ...REAL.dollr }, true, false);
  assert.equal(production.sandboxes.size, 0);
});

test('a backend whose provider refuses its settings stops with a configuration error, its port and database let go', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'momo-refused-'));
  const env = { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://pay.example.com', TOKEN_SECRET: 'x'.repeat(32), MERCHANT_API_KEY: 'sk_live_test', MOMO_VN_BASE_URL: 'https://payment.momo.vn' };
  try {
    await assert.rejects(startServer({ port: 0, dataDir, env, quiet: true }), (err: unknown) => err instanceof ConfigError && /MOMO_VN_/.test(err.message));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

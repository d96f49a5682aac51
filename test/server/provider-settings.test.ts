import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { createProviders } from '../../server-example/providers/registry';

const urls = { local: 'http://127.0.0.1:8080', public: 'http://localhost:8080' };
const providers = (env: NodeJS.ProcessEnv, production = false) => createProviders({ env, production, urls, log: pino({ level: 'silent' }) });

test('with no base URLs every provider talks to its sandbox, and all of MTN’s methods are offered', () => {
  const { adapters, sandboxes } = providers({});
  assert.deepEqual([...sandboxes.keys()].sort(), ['dollr', 'mom-factura', 'momo-vn', 'mtn-momo']);
  assert.deepEqual(Object.keys(adapters.get('mtn-momo')!.methods).sort(), ['invoice', 'payment', 'request-to-pay']);
});

test('a real MTN target environment needs its own API user, key and payee: the demo payee is never used', () => {
  assert.throws(() => providers({ MTN_BASE_URL: 'https://proxy.momoapi.mtn.com', MTN_SUBSCRIPTION_KEY: 'k' }), /mtn-momo: MTN_BASE_URL is set, so set MTN_API_USER, MTN_API_KEY, MTN_PAYEE_MSISDN too/);
  assert.throws(() => providers({ MTN_BASE_URL: 'https://proxy.momoapi.mtn.com' }), /MTN_SUBSCRIPTION_KEY, MTN_API_USER/);
  const env = { MTN_BASE_URL: 'https://proxy.momoapi.mtn.com', MTN_SUBSCRIPTION_KEY: 'k', MTN_API_USER: 'u', MTN_API_KEY: 'p', MTN_PAYEE_MSISDN: '256770000001' };
  const { adapters, sandboxes } = providers(env);
  assert.equal(sandboxes.has('mtn-momo'), false);
  // CreatePayments names the merchant; without that name the method is not offered.
  assert.deepEqual(Object.keys(adapters.get('mtn-momo')!.methods).sort(), ['invoice', 'request-to-pay']);
  assert.ok(providers({ ...env, MTN_SERVICE_PROVIDER_USERNAME: 'school' }).adapters.get('mtn-momo')!.methods.payment);
});

test('MTN’s own sandbox provisions its API user: only the subscription key is required there', () => {
  const { adapters } = providers({ MTN_BASE_URL: 'https://sandbox.momodeveloper.mtn.com', MTN_TARGET_ENVIRONMENT: 'sandbox', MTN_SUBSCRIPTION_KEY: 'k' });
  assert.ok(adapters.get('mtn-momo'));
});

test('Mom Factura and Dollr against their real APIs need their own credentials', () => {
  assert.throws(() => providers({ MOM_FACTURA_BASE_URL: 'https://api.momenu.online' }), /mom-factura: MOM_FACTURA_BASE_URL is set, so set MOM_FACTURA_API_KEY too/);
  assert.throws(() => providers({ DOLLR_BASE_URL: 'https://api.heydollr.app', DOLLR_CLIENT_ID: 'id' }), /dollr: DOLLR_BASE_URL is set, so set DOLLR_CLIENT_SECRET too/);
  const { adapters } = providers({
    MOM_FACTURA_BASE_URL: 'https://api.momenu.online',
    MOM_FACTURA_API_KEY: 'mf_live',
    DOLLR_BASE_URL: 'https://api.heydollr.app',
    DOLLR_CLIENT_ID: 'id',
    DOLLR_CLIENT_SECRET: 's',
  });
  assert.ok(adapters.get('mom-factura') && adapters.get('dollr'));
});

test('in production only providers with a real base URL are offered', () => {
  const { adapters } = providers({ MOM_FACTURA_BASE_URL: 'https://api.momenu.online', MOM_FACTURA_API_KEY: 'mf_live' }, true);
  assert.deepEqual([...adapters.keys()], ['mom-factura']);
});

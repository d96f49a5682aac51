import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '../../server-example/config';
import { DEFAULT_RETRY_MS, loadWebhookConfig } from '../../server-example/webhooks/config';

const SECRET = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'momo-webhook-config-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const load = (env: NodeJS.ProcessEnv, production = false) => loadWebhookConfig(env, { dataDir, production });

test("defaults: the spec's schedule, a 10 s timeout, no URL", () => {
  const config = load({});
  assert.equal(config.url, undefined);
  assert.deepEqual(config.retryMs, [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
  assert.deepEqual(DEFAULT_RETRY_MS, config.retryMs);
  assert.equal(config.timeoutMs, 10_000);
});

test('outside production a secret is generated once, kept beside the database (0600), and standardwebhooks takes it', () => {
  const first = load({ MERCHANT_WEBHOOK_URL: 'http://localhost:4000/hooks' });
  const file = join(dataDir, 'webhook-secret');
  assert.equal(readFileSync(file, 'utf8'), first.secret);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.match(first.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
  assert.ok(Buffer.from(first.secret.slice(6), 'base64').length >= 24);
  assert.equal(load({}).secret, first.secret, 'the same on the next start');
  assert.doesNotThrow(() => new Webhook(first.secret));
});

test('a given secret, URL, schedule and timeout are used as given', () => {
  const config = load({ MERCHANT_WEBHOOK_URL: 'https://shop.example/webhooks?x=1', MERCHANT_WEBHOOK_SECRET: SECRET, MERCHANT_WEBHOOK_RETRY_MS: '0, 10,20', MERCHANT_WEBHOOK_TIMEOUT_MS: '250' });
  assert.deepEqual(config, { url: 'https://shop.example/webhooks?x=1', secret: SECRET, retryMs: [0, 10, 20], timeoutMs: 250 });
  assert.equal(existsSync(join(dataDir, 'webhook-secret')), false, 'no file when the secret is given');
});

test('each wrong setting is refused at start with a message that names it', () => {
  const cases: [NodeJS.ProcessEnv, RegExp][] = [
    [{ MERCHANT_WEBHOOK_URL: 'ftp://shop.example/hooks' }, /MERCHANT_WEBHOOK_URL must be an http\(s\) URL/],
    [{ MERCHANT_WEBHOOK_URL: 'shop.example/hooks' }, /MERCHANT_WEBHOOK_URL must be an absolute http\(s\) URL/],
    [{ MERCHANT_WEBHOOK_URL: 'https://user:pass@shop.example/hooks' }, /must not carry a user name or password/],
    [{ MERCHANT_WEBHOOK_SECRET: 'not-a-secret' }, /MERCHANT_WEBHOOK_SECRET must be "whsec_"/],
    [{ MERCHANT_WEBHOOK_SECRET: 'whsec_***not base64***' }, /MERCHANT_WEBHOOK_SECRET must be "whsec_"/],
    [{ MERCHANT_WEBHOOK_SECRET: `whsec_${Buffer.alloc(16).toString('base64')}` }, /at least 24 bytes \(it has 16\)/],
    [{ MERCHANT_WEBHOOK_RETRY_MS: '' }, /MERCHANT_WEBHOOK_RETRY_MS must list at least one delay/],
    [{ MERCHANT_WEBHOOK_RETRY_MS: '0,5000,soon' }, /entry 3 \("soon"\) must be a whole number/],
    [{ MERCHANT_WEBHOOK_RETRY_MS: '0,-5' }, /entry 2 \("-5"\)/],
    [{ MERCHANT_WEBHOOK_RETRY_MS: '0,1.5' }, /entry 2 \("1.5"\)/],
    [{ MERCHANT_WEBHOOK_RETRY_MS: '0,,5' }, /entry 2 \(""\)/],
    [{ MERCHANT_WEBHOOK_TIMEOUT_MS: '0' }, /MERCHANT_WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds above 0/],
    [{ MERCHANT_WEBHOOK_TIMEOUT_MS: 'ten' }, /MERCHANT_WEBHOOK_TIMEOUT_MS/],
  ];
  for (const [env, message] of cases) assert.throws(() => load(env), message, JSON.stringify(env));
});

test('production refuses a URL without a secret, and generates none', () => {
  assert.throws(() => load({ MERCHANT_WEBHOOK_URL: 'https://shop.example/hooks' }, true), /MERCHANT_WEBHOOK_SECRET must be set in production/);
  assert.equal(load({}, true).secret, '', 'no URL: nothing is sent, no secret needed');
  assert.equal(existsSync(join(dataDir, 'webhook-secret')), false);
  assert.equal(load({ MERCHANT_WEBHOOK_URL: 'https://shop.example/hooks', MERCHANT_WEBHOOK_SECRET: SECRET }, true).secret, SECRET);
});

test('loadConfig carries the webhook settings, and its errors', () => {
  const env = { DATA_DIR: dataDir, MERCHANT_WEBHOOK_URL: 'http://127.0.0.1:9/hooks', MERCHANT_WEBHOOK_RETRY_MS: '0,100' };
  const config = loadConfig(env);
  assert.equal(config.webhooks.url, 'http://127.0.0.1:9/hooks');
  assert.deepEqual(config.webhooks.retryMs, [0, 100]);
  assert.throws(() => loadConfig({ ...env, MERCHANT_WEBHOOK_RETRY_MS: 'x' }), /MERCHANT_WEBHOOK_RETRY_MS/);
});

/**
 * The one configuration schema (server-example/config.ts): every variable checked at startup, a
 * bad value refused with a sentence naming it and what is expected, every bad variable at once,
 * and a secret's value never repeated in the message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { z } from 'zod';
import { type Config, ConfigError, loadConfig } from '../../server-example/config';
import { logKeysFor, secretVariables } from '../../server-example/config/secrets';
import { createLogger, scrub } from '../../server-example/logger';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'momo-config-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const load = (env: NodeJS.ProcessEnv = {}): Config => loadConfig({ DATA_DIR: dataDir, ...env });

/** The ConfigError loading `env` throws. */
function refusal(env: NodeJS.ProcessEnv, options?: Parameters<typeof loadConfig>[1]): ConfigError {
  try {
    loadConfig({ DATA_DIR: dataDir, ...env }, options);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, not ${String(error)}`);
    return error;
  }
  assert.fail(`${JSON.stringify(env)} was accepted`);
}

const PRODUCTION = { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://pay.example.com', TOKEN_SECRET: 'a-production-secret-that-is-long-enough', MERCHANT_API_KEY: 'sk_live_merchant' };

test('defaults outside production', () => {
  const config = load();
  assert.equal(config.port, 8080);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.production, false);
  assert.equal(config.publicBaseUrl, undefined);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.databasePoolSize, 10);
  assert.equal(config.databaseFile, join(dataDir, 'momo-checkout.sqlite'));
  assert.equal(config.sandboxUrl, undefined);
  assert.equal(config.sse, true);
  assert.equal(config.demo, true);
  assert.equal(config.logLevel, 'info');
  assert.equal(config.merchantApiKey, 'sk_sandbox');
  assert.equal(config.merchantName, 'Kampala Parents School');
  assert.deepEqual(config.reconcile, {
    intervalMs: 1_000,
    firstPollDelayMs: 5_000,
    maxPollDelayMs: 30_000,
    expiryGraceMs: 30_000,
    payInFlightMs: 150_000,
    giveUpAfterMs: 86_400_000,
    leaseMs: 180_000,
  });
  assert.equal(config.tokenSecret, readFileSync(join(dataDir, 'token-secret'), 'utf8'), 'made once and kept beside the database');
  assert.equal(load().tokenSecret, config.tokenSecret, 'the same on the next start');
  assert.deepEqual(Object.keys(config.providerSettings).sort(), ['dollr', 'mom-factura', 'momo-vn', 'mtn-momo'], "every provider module's settings, parsed");
});

test('a blank variable is unset: its default applies', () => {
  const config = load({ PORT: '', SSE: ' ', LOG_LEVEL: '', RECONCILE_INTERVAL_MS: '' });
  assert.equal(config.port, 8080);
  assert.equal(config.sse, true);
  assert.equal(config.logLevel, 'info');
  assert.equal(config.reconcile.intervalMs, 1_000);
});

test('given values are used, typed', () => {
  const config = load({
    PORT: '8081',
    HOST: '127.0.0.1',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/momo',
    DATABASE_POOL_SIZE: '4',
    SANDBOX_URL: 'http://127.0.0.1:8090/',
    LOG_LEVEL: 'debug',
    RECONCILE_INTERVAL_MS: '250',
    RECONCILE_EXPIRY_GRACE_MS: '0',
    MERCHANT_NAME: 'Lycée Bilingue',
    MTN_TIMEOUT_MS: '4000',
  });
  assert.equal(config.port, 8081);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.databaseUrl, 'postgres://postgres@127.0.0.1:5432/momo');
  assert.equal(config.databasePoolSize, 4);
  assert.equal(config.sandboxUrl, 'http://127.0.0.1:8090', 'its trailing / dropped');
  assert.equal(config.logLevel, 'debug');
  assert.equal(config.reconcile.intervalMs, 250);
  assert.equal(config.reconcile.expiryGraceMs, 0, 'no grace is a choice');
  assert.equal(config.merchantName, 'Lycée Bilingue');
  assert.equal(config.providerSettings['mtn-momo']?.MTN_TIMEOUT_MS, 4000);
  assert.equal(load({ DATABASE_URL: 'postgresql://u:p@db/momo' }).databaseUrl, 'postgresql://u:p@db/momo');
  assert.equal(load({ PORT: '0' }).port, 0, 'any free port');
});

describe('each bad value is refused at start, naming the variable and what it takes', () => {
  const cases: [NodeJS.ProcessEnv, RegExp][] = [
    [{ PORT: 'abc' }, /^ {2}- PORT must be a whole number from 0 to 65535, not "abc"\.$/m],
    [{ PORT: '65536' }, /PORT must be a whole number from 0 to 65535, not "65536"/],
    [{ PORT: '80.5' }, /PORT must be a whole number/],
    [{ HOST: 'http://0.0.0.0' }, /HOST must be a host name or IP address to listen on/],
    [{ RECONCILE_INTERVAL_MS: '1s' }, /RECONCILE_INTERVAL_MS must be a whole number of milliseconds, above 0, not "1s" \(write 1000\)\./],
    [{ RECONCILE_INTERVAL_MS: '0' }, /RECONCILE_INTERVAL_MS must be a whole number of milliseconds, above 0, not "0"/],
    [{ RECONCILE_MAX_POLL_MS: '2m' }, /RECONCILE_MAX_POLL_MS .* not "2m" \(write 120000\)/],
    [{ RECONCILE_GIVE_UP_MS: '-1' }, /RECONCILE_GIVE_UP_MS must be a whole number/],
    [{ RECONCILE_EXPIRY_GRACE_MS: 'soon' }, /RECONCILE_EXPIRY_GRACE_MS must be a whole number of milliseconds, 0 or more, not "soon"/],
    [{ SSE: 'yes' }, /SSE must be on or off \(true\/false and 1\/0 also do\), not "yes"/],
    [{ DEMO: 'disabled' }, /DEMO must be on or off/],
    [{ LOG_LEVEL: 'verbose' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "verbose"/],
    [{ PUBLIC_BASE_URL: 'pay.example.com' }, /PUBLIC_BASE_URL is not a URL \("pay\.example\.com"\)/],
    [{ PUBLIC_BASE_URL: 'ftp://pay.example.com' }, /PUBLIC_BASE_URL must be an http\(s\) URL/],
    [{ PUBLIC_BASE_URL: 'http://pay.example.com/#top' }, /PUBLIC_BASE_URL must have no query, fragment or credentials/],
    [{ DATABASE_URL: 'mysql://db/momo' }, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
    [{ DATABASE_URL: 'momo.sqlite' }, /DATABASE_URL must be a postgres:\/\//],
    [{ DATABASE_POOL_SIZE: '0' }, /DATABASE_POOL_SIZE must be a whole number 1 or more, not "0"/],
    [{ DATABASE_POOL_SIZE: 'ten' }, /DATABASE_POOL_SIZE must be a whole number 1 or more, not "ten"/],
    [{ SANDBOX_URL: '127.0.0.1:8090' }, /SANDBOX_URL (is not a URL|must be an http\(s\) URL)/],
    [{ SANDBOX_URL: 'http://127.0.0.1:8090/?x=1' }, /SANDBOX_URL must have no query, fragment or credentials/],
    [{ TOKEN_SECRET: 'short' }, /TOKEN_SECRET must be at least 32 characters/],
    [{ DEMO_ORIGINS: 'http://localhost:5173/app' }, /DEMO_ORIGINS must list origins like http:\/\/localhost:5173 \(scheme, host and port, no path\), not "http:\/\/localhost:5173\/app"/],
    [{ RECONCILE_LEASE_MS: '3m' }, /RECONCILE_LEASE_MS must be a whole number of milliseconds, above 0, not "3m"/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN must be at least 16 characters/],
    [{ MERCHANT_WEBHOOK_TIMEOUT_MS: '10s' }, /MERCHANT_WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds above 0/],
    [{ MTN_TIMEOUT_MS: '1s' }, /MTN_TIMEOUT_MS must be a whole number/],
    [{ MOMO_VN_BASE_URL: 'test-payment.momo.vn' }, /MOMO_VN_BASE_URL must be an absolute http\(s\) URL/],
  ];
  for (const [env, expected] of cases) {
    test(JSON.stringify(env), () => {
      const error = refusal(env);
      assert.match(error.message, expected);
      assert.deepEqual(
        error.problems.map((problem) => problem.variable),
        Object.keys(env),
      );
    });
  }
});

test('the boolean switches take on/off, true/false and 1/0: SSE=false is off', () => {
  for (const [value, on] of [
    ['on', true],
    ['true', true],
    ['1', true],
    ['TRUE', true],
    ['off', false],
    ['false', false],
    ['0', false],
  ] as const) {
    assert.equal(load({ SSE: value }).sse, on, `SSE=${value}`);
    assert.equal(load({ DEMO: value }).demo, on, `DEMO=${value}`);
  }
});

test('LOG_LEVEL takes each of pino’s levels and silent, and the logger starts with each', () => {
  for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
    const config = load({ LOG_LEVEL: level });
    assert.equal(config.logLevel, level);
    assert.doesNotThrow(() => createLogger(config.logLevel, new Writable({ write: (_chunk, _encoding, done) => done() })));
  }
});

test('every bad variable is reported at once, core and provider ones alike', () => {
  const error = refusal({ PORT: 'abc', LOG_LEVEL: 'verbose', SSE: 'maybe', RECONCILE_INTERVAL_MS: '1s', PUBLIC_BASE_URL: 'nope', MERCHANT_WEBHOOK_RETRY_MS: '0,soon', MTN_TIMEOUT_MS: 'x' });
  assert.deepEqual(error.problems.map((problem) => problem.variable).sort(), ['LOG_LEVEL', 'MERCHANT_WEBHOOK_RETRY_MS', 'MTN_TIMEOUT_MS', 'PORT', 'PUBLIC_BASE_URL', 'RECONCILE_INTERVAL_MS', 'SSE']);
  assert.match(error.message, /^The configuration has 7 problems:\n/);
  assert.equal(error.message.split('\n').length, 8, 'a line each');
});

describe('in production', () => {
  test('the public URL, the token secret and the merchant key are required, all named at once', () => {
    const error = refusal({ NODE_ENV: 'production' });
    assert.deepEqual(error.problems.map((problem) => problem.variable).sort(), ['MERCHANT_API_KEY', 'PUBLIC_BASE_URL', 'TOKEN_SECRET']);
    assert.match(error.message, /TOKEN_SECRET must be set in production/);
    assert.match(error.message, /MERCHANT_API_KEY must be set in production/);
  });

  test('the demo is off, and cannot be turned on', () => {
    assert.equal(load(PRODUCTION).demo, false);
    assert.match(refusal({ ...PRODUCTION, DEMO: 'on' }).message, /DEMO cannot be on in production/);
    assert.match(refusal({ ...PRODUCTION, PUBLIC_BASE_URL: 'http://pay.example.com' }).message, /PUBLIC_BASE_URL must be an https URL in production/);
  });

  test("the reconciler's lease outlasts the work on one checkout", () => {
    const error = refusal({ ...PRODUCTION, RECONCILE_LEASE_MS: '60000' });
    assert.match(error.message, /^ {2}- RECONCILE_LEASE_MS must be at least 150000 in production \(the longest work on one checkout: five provider calls at their 30 s timeout\), not "60000"\.$/m);
    assert.deepEqual(
      error.problems.map((problem) => problem.variable),
      ['RECONCILE_LEASE_MS'],
    );
    assert.equal(load({ ...PRODUCTION, RECONCILE_LEASE_MS: '150000' }).reconcile.leaseMs, 150_000);
    assert.equal(load({ RECONCILE_LEASE_MS: '1500' }).reconcile.leaseMs, 1_500, 'shorter outside production: a takeover tested in seconds');
  });
});

describe("a secret's value never appears in an error", () => {
  const values = (error: ConfigError, ...secrets: string[]) => {
    for (const secret of secrets) assert.ok(!error.message.includes(secret), `${secret} in: ${error.message}`);
  };

  test('the core and webhook secrets', () => {
    const error = refusal({
      NODE_ENV: 'production',
      TOKEN_SECRET: 'tok-secret-too-short',
      DATABASE_URL: 'mysql://school:hunter2-db-password@db.internal/momo',
      MERCHANT_WEBHOOK_SECRET: 'whsec_plain-webhook-secret!!',
      PUBLIC_BASE_URL: 'https://admin:url-password-42@pay.example.com/',
    });
    assert.deepEqual(error.problems.map((problem) => problem.variable).sort(), ['DATABASE_URL', 'MERCHANT_API_KEY', 'MERCHANT_WEBHOOK_SECRET', 'PUBLIC_BASE_URL', 'TOKEN_SECRET']);
    values(error, 'tok-secret-too-short', 'hunter2-db-password', 'plain-webhook-secret', 'url-password-42');
  });

  test("a provider module's secret, even when its own check quotes the value", () => {
    const settings = z.object({
      ACME_API_KEY: z
        .string()
        .optional()
        .superRefine((value, ctx) => {
          if (value !== undefined && !value.startsWith('ak_')) ctx.addIssue({ code: 'custom', message: `must start with ak_, not ${value}` });
        }),
      ACME_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
    });
    const acme = { id: 'acme', settings, secrets: ['ACME_API_KEY'] };
    const error = refusal({ ACME_API_KEY: 'leaky-acme-key', ACME_TIMEOUT_MS: 'x', PORT: 'abc' }, { providers: [acme] });
    assert.deepEqual(error.problems.map((problem) => problem.variable).sort(), ['ACME_API_KEY', 'ACME_TIMEOUT_MS', 'PORT']);
    values(error, 'leaky-acme-key');
    assert.match(error.message, /ACME_API_KEY must start with ak_, not \[redacted\]/);
    assert.deepEqual(loadConfig({ DATA_DIR: dataDir, ACME_API_KEY: 'ak_1', ACME_TIMEOUT_MS: '50' }, { providers: [acme] }).providerSettings, { acme: { ACME_API_KEY: 'ak_1', ACME_TIMEOUT_MS: 50 } });
  });

  test('a long secret is hidden wherever it would show; a short one only in its own messages, so nothing tells what it equals', () => {
    values(refusal({ TOKEN_SECRET: 'long-but-short-secret', PORT: 'long-but-short-secret' }), 'long-but-short-secret');
    const short = refusal({ TOKEN_SECRET: 'abc', PORT: 'abc' });
    assert.match(short.message, /PORT must be a whole number from 0 to 65535, not "abc"/);
    assert.match(short.message, /TOKEN_SECRET must be at least 32 characters\.$/m);
    const acme = {
      id: 'acme',
      settings: z.object({
        ACME_PIN: z
          .string()
          .regex(/^\d{6}$/, { error: (issue) => `must be 6 digits, not ${String(issue.input)}` })
          .optional(),
      }),
      secrets: ['ACME_PIN'],
    };
    const pin = refusal({ ACME_PIN: '12a' }, { providers: [acme] });
    values(pin, '12a');
    assert.match(pin.message, /ACME_PIN is not valid \(its value is not shown: it is a secret\)\./);
  });

  test("every provider module's declared secrets are among them", () => {
    const secrets = secretVariables();
    for (const name of [
      'TOKEN_SECRET',
      'MERCHANT_API_KEY',
      'DATABASE_URL',
      'MERCHANT_WEBHOOK_SECRET',
      'MTN_SUBSCRIPTION_KEY',
      'MTN_API_KEY',
      'MOMO_VN_SECRET_KEY',
      'MOM_FACTURA_API_KEY',
      'DOLLR_CLIENT_SECRET',
      'DOLLR_PAYOUT_PASSCODE',
    ]) {
      assert.ok(secrets.includes(name), name);
    }
  });
});

describe("the logs' scrub list comes from the declared secrets", () => {
  test('a variable gives its own name and its shorter forms, never a bare last word', () => {
    assert.deepEqual(
      logKeysFor('DOLLR_CLIENT_SECRET').sort(),
      ['DOLLR_CLIENT_SECRET', 'client-secret', 'clientSecret', 'client_secret', 'dollr-client-secret', 'dollrClientSecret', 'dollr_client_secret'].sort(),
    );
    assert.ok(!logKeysFor('MTN_API_KEY').includes('key'));
  });

  test('values under those keys are scrubbed from logged objects; other keys are kept', () => {
    const scrubbed = scrub({
      env: { DOLLR_PAYOUT_PASSCODE: '123456', MOMO_VN_SECRET_KEY: 'vn-secret', DATABASE_URL: 'postgres://u:pw@db/x', MTN_TARGET_ENVIRONMENT: 'mtnuganda' },
      request: { payoutPasscode: '123456', tokenSecret: 't', databaseUrl: 'postgres://u:pw@db/x', merchantApiKey: 'sk', key: 'idempotency-key-1' },
    });
    assert.deepEqual(scrubbed, {
      env: { DOLLR_PAYOUT_PASSCODE: '[redacted]', MOMO_VN_SECRET_KEY: '[redacted]', DATABASE_URL: '[redacted]', MTN_TARGET_ENVIRONMENT: 'mtnuganda' },
      request: { payoutPasscode: '[redacted]', tokenSecret: '[redacted]', databaseUrl: '[redacted]', merchantApiKey: '[redacted]', key: 'idempotency-key-1' },
    });
  });
});

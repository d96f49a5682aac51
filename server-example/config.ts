import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadWebhookConfig, type WebhookConfig } from './webhooks/config';

export interface Config {
  port: number;
  /**
   * Where browsers and providers reach this backend; the tokens' `iss`. Required in production.
   * Unset outside production: tokens name the host each checkout was created through.
   */
  publicBaseUrl?: string;
  production: boolean;
  merchantApiKey: string;
  merchantName: string;
  tokenSecret: string;
  databaseFile: string;
  /** Serve `/v1/session/events`; off behind proxies that buffer streams (the element then polls). */
  sse: boolean;
  /** The demo page's merchant stand-in and the payer's sandbox controls. */
  demo: boolean;
  demoDir: string;
  logLevel: string;
  reconcile: { intervalMs: number; firstPollDelayMs: number; maxPollDelayMs: number; expiryGraceMs: number; payInFlightMs: number; giveUpAfterMs: number };
  /** Merchant webhooks: `MERCHANT_WEBHOOK_*` (server-example/webhooks/config.ts). */
  webhooks: WebhookConfig;
}

const MIN_SECRET_LENGTH = 32;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} must be set in production.`);
  return value;
}

/** Outside production the token secret is made once and kept beside the database, so tokens survive restarts. */
function devTokenSecret(dataDir: string): string {
  const file = join(dataDir, 'token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * `PUBLIC_BASE_URL`, checked at startup: an absolute http(s) URL (https in production) with no
 * query, fragment or credentials; a path is kept (a backend behind a prefix), its trailing `/` not.
 */
function publicBaseUrl(env: NodeJS.ProcessEnv, production: boolean): string | undefined {
  const value = env.PUBLIC_BASE_URL?.trim();
  const expected = 'the URL browsers and providers reach this backend at, e.g. https://pay.example.com';
  if (!value) {
    if (production) throw new Error(`PUBLIC_BASE_URL must be set in production: ${expected}. Checkout tokens name it, and the element talks to it.`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_BASE_URL is not a URL (${JSON.stringify(value)}): set it to ${expected}.`);
  }
  if (url.protocol !== 'https:' && (production || url.protocol !== 'http:')) {
    throw new Error(`PUBLIC_BASE_URL must be an ${production ? 'https' : 'http(s)'} URL${production ? ' in production (a page served over https cannot call an http backend)' : ''}, not ${value}.`);
  }
  if (url.search || url.hash || url.username || url.password) throw new Error(`PUBLIC_BASE_URL must have no query, fragment or credentials: ${value}.`);
  return `${url.origin}${url.pathname}`.replace(/\/$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const tokenSecret = env.TOKEN_SECRET ?? (production ? required(env, 'TOKEN_SECRET') : devTokenSecret(dataDir));
  if (tokenSecret.length < MIN_SECRET_LENGTH) throw new Error(`TOKEN_SECRET must be at least ${MIN_SECRET_LENGTH} characters.`);
  const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);

  const demo = env.DEMO ? env.DEMO !== 'off' : !production;
  // The demo's merchant stand-in and the sandbox payer would let anyone create and settle payments.
  if (production && demo) throw new Error('DEMO cannot be on in production.');

  return {
    port: number('PORT', 8080),
    publicBaseUrl: publicBaseUrl(env, production),
    production,
    merchantApiKey: production ? required(env, 'MERCHANT_API_KEY') : (env.MERCHANT_API_KEY ?? 'sk_sandbox'),
    merchantName: env.MERCHANT_NAME ?? 'Kampala Parents School',
    tokenSecret,
    databaseFile: env.DATABASE_FILE ?? join(dataDir, 'momo-checkout.sqlite'),
    sse: env.SSE !== 'off',
    demo,
    demoDir: resolve(env.DEMO_DIR ?? 'dist/demo'),
    logLevel: env.LOG_LEVEL ?? 'info',
    webhooks: loadWebhookConfig(env, { dataDir, production }),
    reconcile: {
      intervalMs: number('RECONCILE_INTERVAL_MS', 1_000),
      firstPollDelayMs: number('RECONCILE_FIRST_POLL_MS', 5_000),
      maxPollDelayMs: number('RECONCILE_MAX_POLL_MS', 30_000),
      expiryGraceMs: number('RECONCILE_EXPIRY_GRACE_MS', 30_000),
      // Longer than the slowest push call may wait for its answer (Multicaixa Express: 120 s),
      // so that an expiry never overtakes an answer that is still on its way.
      payInFlightMs: number('RECONCILE_PAY_IN_FLIGHT_MS', 150_000),
      // A day: far longer than any provider keeps a payment open (MoMo VN's links, MTN's pushes).
      giveUpAfterMs: number('RECONCILE_GIVE_UP_MS', 86_400_000),
    },
  };
}

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MIN_TOKEN_SECRET_LENGTH } from './config/core';
import { ConfigError, configError } from './config/errors';
import { PROVIDER_SETTINGS_MODULES, type ProviderSettingsModule } from './config/providers';
import { configSchema } from './config/schema';
import { secretVariables } from './config/secrets';
import { webhookConfigFrom, type WebhookConfig } from './webhooks/config';

export { ConfigError } from './config/errors';

export interface Config {
  port: number;
  /** The address to listen on (`HOST`): every interface by default. */
  host: string;
  /**
   * Where browsers and providers reach this backend; the tokens' `iss`. Required in production.
   * Unset outside production: tokens name the host each checkout was created through.
   */
  publicBaseUrl?: string;
  production: boolean;
  merchantApiKey: string;
  merchantName: string;
  tokenSecret: string;
  /** `DATABASE_URL`: a PostgreSQL database; unset, the SQLite file `databaseFile`. */
  databaseUrl?: string;
  /** `DATABASE_POOL_SIZE`: the most connections the PostgreSQL store holds on this instance. */
  databasePoolSize: number;
  databaseFile: string;
  /** `SANDBOX_URL`: the sandboxes process to use instead of this process's own sandboxes. */
  sandboxUrl?: string;
  /** The bearer token `/metrics` asks for (`METRICS_TOKEN`); unset: the demo, or loopback callers only. */
  metricsToken?: string;
  /** Serve `/v1/session/events`; off behind proxies that buffer streams (the element then polls). */
  sse: boolean;
  /** The demo page's merchant stand-in and the payer's sandbox controls. */
  demo: boolean;
  demoDir: string;
  /** Origins besides the backend's own whose pages may use the demo and sandbox payer routes (`DEMO_ORIGINS`). */
  demoOrigins: readonly string[];
  logLevel: string;
  reconcile: { intervalMs: number; firstPollDelayMs: number; maxPollDelayMs: number; expiryGraceMs: number; payInFlightMs: number; giveUpAfterMs: number; leaseMs: number };
  /** Merchant webhooks: `MERCHANT_WEBHOOK_*` (server-example/webhooks/config.ts). */
  webhooks: WebhookConfig;
  /** Each provider module's own variables, parsed by its `settings` schema, by provider id. */
  providerSettings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Outside production the token secret is made once and kept beside the database, so tokens survive restarts. */
function devTokenSecret(dataDir: string): string {
  const file = join(dataDir, 'token-secret');
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length < MIN_TOKEN_SECRET_LENGTH)
      throw new ConfigError([{ variable: 'TOKEN_SECRET', message: `TOKEN_SECRET is unset and ${file} holds fewer than ${MIN_TOKEN_SECRET_LENGTH} characters: remove it to have one made.` }]);
    return kept;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Reads every variable through the one schema (config/schema.ts). Throws a ConfigError naming
 * every bad variable and what it should be, never quoting a secret's value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, { providers = PROVIDER_SETTINGS_MODULES }: { providers?: readonly ProviderSettingsModule[] } = {}): Config {
  const production = env.NODE_ENV?.trim() === 'production';
  const parsed = configSchema(production, providers).safeParse(env);
  if (!parsed.success) throw configError(parsed.error, env, secretVariables(providers));
  const { core, webhooks, providers: providerSettings } = parsed.data;
  const dataDir = resolve(core.DATA_DIR);
  return {
    port: core.PORT,
    host: core.HOST,
    ...(core.PUBLIC_BASE_URL ? { publicBaseUrl: core.PUBLIC_BASE_URL } : {}),
    production,
    merchantApiKey: core.MERCHANT_API_KEY ?? 'sk_sandbox',
    merchantName: core.MERCHANT_NAME,
    tokenSecret: core.TOKEN_SECRET ?? devTokenSecret(dataDir),
    ...(core.DATABASE_URL ? { databaseUrl: core.DATABASE_URL } : {}),
    databasePoolSize: core.DATABASE_POOL_SIZE,
    databaseFile: core.DATABASE_FILE ?? join(dataDir, 'momo-checkout.sqlite'),
    ...(core.SANDBOX_URL ? { sandboxUrl: core.SANDBOX_URL } : {}),
    ...(core.METRICS_TOKEN ? { metricsToken: core.METRICS_TOKEN } : {}),
    sse: core.SSE,
    demo: core.DEMO,
    demoDir: resolve(core.DEMO_DIR),
    demoOrigins: core.DEMO_ORIGINS,
    logLevel: core.LOG_LEVEL,
    webhooks: webhookConfigFrom(webhooks, { dataDir, production }),
    providerSettings,
    reconcile: {
      intervalMs: core.RECONCILE_INTERVAL_MS,
      firstPollDelayMs: core.RECONCILE_FIRST_POLL_MS,
      maxPollDelayMs: core.RECONCILE_MAX_POLL_MS,
      expiryGraceMs: core.RECONCILE_EXPIRY_GRACE_MS,
      payInFlightMs: core.RECONCILE_PAY_IN_FLIGHT_MS,
      giveUpAfterMs: core.RECONCILE_GIVE_UP_MS,
      leaseMs: core.RECONCILE_LEASE_MS,
    },
  };
}

import { z } from 'zod';
import { publicBaseUrl } from './public-base-url';
import { DEFAULT_LEASE_MS, MAX_ITEM_WORK_MS } from '../reconciler';
import { durationMs, flag, host, httpBaseUrl, integer, logLevel, originList, postgresUrl, quoted, requiredInProduction, variable } from './variables';

/** Shorter secrets are refused: an HMAC key guessed is every token forged. */
export const MIN_TOKEN_SECRET_LENGTH = 32;

/** The core's variables that hold secrets: never quoted in an error, scrubbed from logs. */
export const CORE_SECRETS = ['TOKEN_SECRET', 'MERCHANT_API_KEY', 'DATABASE_URL', 'METRICS_TOKEN'] as const;

/**
 * The backend's own variables, one schema each (docs/architecture.md, "Configuration").
 * `production` (NODE_ENV=production) makes some required and forbids the demo.
 */
export function coreSettings(production: boolean) {
  return z.object({
    NODE_ENV: variable(z.string().optional()),
    PORT: variable(integer(0, 65_535).default(8080)),
    HOST: variable(host().default('0.0.0.0')),
    PUBLIC_BASE_URL: variable(publicBaseUrl(production)),
    DATA_DIR: variable(z.string().default('./data')),
    DATABASE_FILE: variable(z.string().optional()),
    DATABASE_URL: variable(postgresUrl().optional()),
    // The store's own pool; the status bus (3) and the rate limits (2) hold theirs besides.
    DATABASE_POOL_SIZE: variable(integer(1).default(10)),
    SANDBOX_URL: variable(httpBaseUrl({ example: 'http://127.0.0.1:8090' }).optional()),
    TOKEN_SECRET: variable(
      requiredInProduction(production, ' (every instance signs and checks tokens with it)').refine((value) => value === undefined || value.length >= MIN_TOKEN_SECRET_LENGTH, {
        error: `must be at least ${MIN_TOKEN_SECRET_LENGTH} characters.`,
      }),
    ),
    MERCHANT_API_KEY: variable(requiredInProduction(production, " (the merchant server's key for /v1)")),
    MERCHANT_NAME: variable(z.string().default('Kampala Parents School')),
    // Unset: /metrics answers the demo, or loopback callers not behind a proxy (routes/ops.ts).
    METRICS_TOKEN: variable(z.string().min(16, { error: 'must be at least 16 characters.' }).optional()),
    SSE: variable(flag().default(true)),
    DEMO: variable(
      flag()
        .default(!production)
        .refine((on) => !(production && on), {
          // The demo's merchant stand-in and the sandbox payer would let anyone create and settle payments.
          error: 'cannot be on in production: the demo lets anyone create and settle payments.',
        }),
    ),
    DEMO_DIR: variable(z.string().default('dist/demo')),
    // Pages on other origins that may use the demo and sandbox payer routes (a dev server, the browser tests).
    DEMO_ORIGINS: variable(originList().default([])),
    LOG_LEVEL: variable(logLevel().default('info')),
    RECONCILE_INTERVAL_MS: variable(durationMs().default(1_000)),
    RECONCILE_FIRST_POLL_MS: variable(durationMs().default(5_000)),
    RECONCILE_MAX_POLL_MS: variable(durationMs().default(30_000)),
    // 0 is meaningful here: a checkout closes as soon as it expires.
    RECONCILE_EXPIRY_GRACE_MS: variable(durationMs({ min: 0 }).default(30_000)),
    // Longer than the slowest push call may wait for its answer (Multicaixa Express: 120 s),
    // so that an expiry never overtakes an answer that is still on its way.
    RECONCILE_PAY_IN_FLIGHT_MS: variable(durationMs().default(150_000)),
    // A day: far longer than any provider keeps a payment open (MoMo VN's links, MTN's pushes).
    RECONCILE_GIVE_UP_MS: variable(durationMs().default(86_400_000)),
    // How long an instance holds a due checkout or payout it took, renewed as its work on each starts:
    // a dead instance's lapse after it. Shorter than the work on one, another instance could work it
    // too; a provider timeout raised past 30 s wants it longer still. Shorter outside production
    // only (a takeover, tested in seconds).
    RECONCILE_LEASE_MS: variable(
      durationMs()
        .default(DEFAULT_LEASE_MS)
        .refine((ms) => !production || ms >= MAX_ITEM_WORK_MS, {
          error: (issue) => `must be at least ${MAX_ITEM_WORK_MS} in production (the longest work on one checkout: five provider calls at their 30 s timeout), not ${quoted(String(issue.input))}.`,
        }),
    ),
  });
}

export type CoreSettings = z.output<ReturnType<typeof coreSettings>>;

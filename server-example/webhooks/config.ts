import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configError } from '../config/errors';
import { quoted, variable } from '../config/variables';

/** Where and how merchant webhooks are sent (docs/architecture.md, "Merchant webhooks"). */
export interface WebhookConfig {
  /** The merchant's receiver; no webhooks are sent without one (they wait in the outbox). */
  url?: string;
  /** `whsec_<base64>`: the key signatures are made with. Empty only in production without a URL. */
  secret: string;
  /** Delay before each attempt: the first after the event was written, each next after the attempt before. */
  retryMs: number[];
  /** How long one attempt waits for the merchant's answer. */
  timeoutMs: number;
}

/** The Standard Webhooks schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_MS = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
export const DEFAULT_TIMEOUT_MS = 10_000;
/** The variables that hold secrets: never quoted in an error, scrubbed from logs. */
export const WEBHOOK_SECRETS = ['MERCHANT_WEBHOOK_SECRET'] as const;
const SECRET_PREFIX = 'whsec_';
/** The spec asks for 24 to 64 random bytes. */
const MIN_SECRET_BYTES = 24;
const GENERATED_SECRET_BYTES = 32;
const SECRET_FILE = 'webhook-secret';

/** What is wrong with a webhook secret, as a phrase after its name; undefined when it is usable. */
function secretProblem(secret: string): string | undefined {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : undefined;
  const bytes = encoded ? Buffer.from(encoded, 'base64') : undefined;
  if (!encoded || !bytes || bytes.toString('base64') !== encoded) {
    return 'must be "whsec_" followed by standard base64, e.g. whsec_ and 32 random bytes in base64.';
  }
  if (bytes.length < MIN_SECRET_BYTES) return `must encode at least ${MIN_SECRET_BYTES} bytes (it has ${bytes.length}).`;
  return undefined;
}

/** `whsec_` then canonical, padded base64 (what every `standardwebhooks` library decodes) of ≥ 24 bytes. */
export function checkWebhookSecret(secret: string): string {
  const problem = secretProblem(secret);
  if (problem) throw new Error(`MERCHANT_WEBHOOK_SECRET ${problem}`);
  return secret;
}

const webhookUrl = z.string().transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL.' });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL.' });
  // fetch refuses credentials in a URL; the signature is what authenticates us to the merchant.
  else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password.' });
  return value;
});

const webhookSecret = z.string().superRefine((value, ctx) => {
  const problem = secretProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Unlike most variables, a blank schedule is an error rather than the default: it would send nothing. */
const retryMs = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return [...DEFAULT_RETRY_MS];
    const entries = value.split(',').map((entry) => entry.trim());
    if (entries.every((entry) => entry === '')) {
      ctx.addIssue({ code: 'custom', message: 'must list at least one delay in milliseconds, e.g. "0,5000,300000".' });
      return z.NEVER;
    }
    const bad = entries.findIndex((entry) => !/^\d+$/.test(entry) || !Number.isSafeInteger(Number(entry)));
    if (bad >= 0) {
      ctx.addIssue({ code: 'custom', message: `entry ${bad + 1} (${quoted(entries[bad]!)}) must be a whole number of milliseconds, 0 or more.` });
      return z.NEVER;
    }
    return entries.map(Number);
  });

const timeoutMs = z.string().transform((value, ctx) => {
  const timeout = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isSafeInteger(timeout) && timeout > 0) return timeout;
  ctx.addIssue({ code: 'custom', message: `must be a whole number of milliseconds above 0, not ${quoted(value)}.` });
  return z.NEVER;
});

/** The `MERCHANT_WEBHOOK_*` variables. In production a URL needs its secret: it would not be generated. */
export function webhookSettings(production: boolean) {
  return z
    .object({
      MERCHANT_WEBHOOK_URL: variable(webhookUrl.optional()),
      MERCHANT_WEBHOOK_SECRET: variable(webhookSecret.optional()),
      MERCHANT_WEBHOOK_RETRY_MS: retryMs,
      MERCHANT_WEBHOOK_TIMEOUT_MS: variable(timeoutMs.default(DEFAULT_TIMEOUT_MS)),
    })
    .superRefine((settings, ctx) => {
      if (production && settings.MERCHANT_WEBHOOK_URL && settings.MERCHANT_WEBHOOK_SECRET === undefined) {
        ctx.addIssue({ code: 'custom', path: ['MERCHANT_WEBHOOK_SECRET'], message: 'must be set in production when MERCHANT_WEBHOOK_URL is.' });
      }
    });
}

export type WebhookSettings = z.output<ReturnType<typeof webhookSettings>>;

/** Outside production the secret is made once and kept beside the database, so the merchant's copy stays valid across restarts. */
function devWebhookSecret(dataDir: string): string {
  const file = join(dataDir, SECRET_FILE);
  if (existsSync(file)) return checkWebhookSecret(readFileSync(file, 'utf8').trim());
  mkdirSync(dataDir, { recursive: true });
  const secret = `${SECRET_PREFIX}${randomBytes(GENERATED_SECRET_BYTES).toString('base64')}`;
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** The webhook configuration from parsed settings; outside production a missing secret is made (or read back). */
export function webhookConfigFrom(settings: WebhookSettings, { dataDir, production }: { dataDir: string; production: boolean }): WebhookConfig {
  const url = settings.MERCHANT_WEBHOOK_URL;
  // Production without a URL sends nothing, so it needs no secret.
  const secret = settings.MERCHANT_WEBHOOK_SECRET ?? (production ? '' : devWebhookSecret(dataDir));
  return { ...(url ? { url } : {}), secret, retryMs: settings.MERCHANT_WEBHOOK_RETRY_MS, timeoutMs: settings.MERCHANT_WEBHOOK_TIMEOUT_MS };
}

/** Reads and checks the `MERCHANT_WEBHOOK_*` variables alone; throws at start on anything off. */
export function loadWebhookConfig(env: NodeJS.ProcessEnv, options: { dataDir: string; production: boolean }): WebhookConfig {
  const parsed = webhookSettings(options.production).safeParse(env);
  if (!parsed.success) throw configError(parsed.error, env, WEBHOOK_SECRETS);
  return webhookConfigFrom(parsed.data, options);
}

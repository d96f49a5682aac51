import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
const SECRET_PREFIX = 'whsec_';
/** The spec asks for 24 to 64 random bytes. */
const MIN_SECRET_BYTES = 24;
const GENERATED_SECRET_BYTES = 32;
const SECRET_FILE = 'webhook-secret';

function parseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('MERCHANT_WEBHOOK_URL must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('MERCHANT_WEBHOOK_URL must be an http(s) URL.');
  // fetch refuses credentials in a URL; the signature is what authenticates us to the merchant.
  if (url.username || url.password) throw new Error('MERCHANT_WEBHOOK_URL must not carry a user name or password.');
  return value;
}

/** `whsec_` then canonical, padded base64 (what every `standardwebhooks` library decodes) of ≥ 24 bytes. */
export function checkWebhookSecret(secret: string): string {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : undefined;
  const bytes = encoded ? Buffer.from(encoded, 'base64') : undefined;
  if (!encoded || !bytes || bytes.toString('base64') !== encoded) {
    throw new Error('MERCHANT_WEBHOOK_SECRET must be "whsec_" followed by standard base64, e.g. whsec_ and 32 random bytes in base64.');
  }
  if (bytes.length < MIN_SECRET_BYTES) throw new Error(`MERCHANT_WEBHOOK_SECRET must encode at least ${MIN_SECRET_BYTES} bytes (it has ${bytes.length}).`);
  return secret;
}

function parseRetryMs(value: string): number[] {
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.length === 0 || entries.every((entry) => entry === '')) throw new Error('MERCHANT_WEBHOOK_RETRY_MS must list at least one delay in milliseconds, e.g. "0,5000,300000".');
  return entries.map((entry, index) => {
    const delay = /^\d+$/.test(entry) ? Number(entry) : NaN;
    if (!Number.isSafeInteger(delay)) {
      throw new Error(`MERCHANT_WEBHOOK_RETRY_MS: entry ${index + 1} ("${entry}") must be a whole number of milliseconds, 0 or more.`);
    }
    return delay;
  });
}

function parseTimeoutMs(value: string): number {
  const timeout = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(timeout) || timeout <= 0) throw new Error('MERCHANT_WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds above 0.');
  return timeout;
}

/** Outside production the secret is made once and kept beside the database, so the merchant's copy stays valid across restarts. */
function devWebhookSecret(dataDir: string): string {
  const file = join(dataDir, SECRET_FILE);
  if (existsSync(file)) return checkWebhookSecret(readFileSync(file, 'utf8').trim());
  mkdirSync(dataDir, { recursive: true });
  const secret = `${SECRET_PREFIX}${randomBytes(GENERATED_SECRET_BYTES).toString('base64')}`;
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Reads and checks the `MERCHANT_WEBHOOK_*` variables; throws at start on anything off. */
export function loadWebhookConfig(env: NodeJS.ProcessEnv, { dataDir, production }: { dataDir: string; production: boolean }): WebhookConfig {
  const url = env.MERCHANT_WEBHOOK_URL ? parseUrl(env.MERCHANT_WEBHOOK_URL) : undefined;
  const given = env.MERCHANT_WEBHOOK_SECRET;
  if (production && url && !given) throw new Error('MERCHANT_WEBHOOK_SECRET must be set in production when MERCHANT_WEBHOOK_URL is.');
  // Production without a URL sends nothing, so it needs no secret.
  const secret = given ? checkWebhookSecret(given) : production ? '' : devWebhookSecret(dataDir);
  return {
    ...(url ? { url } : {}),
    secret,
    retryMs: env.MERCHANT_WEBHOOK_RETRY_MS !== undefined ? parseRetryMs(env.MERCHANT_WEBHOOK_RETRY_MS) : [...DEFAULT_RETRY_MS],
    timeoutMs: env.MERCHANT_WEBHOOK_TIMEOUT_MS !== undefined ? parseTimeoutMs(env.MERCHANT_WEBHOOK_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS,
  };
}

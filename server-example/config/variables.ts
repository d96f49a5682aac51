import { z } from 'zod';
import { isPostgresUrl } from '../store/database-url';

/**
 * Schemas for one environment variable each, shared by the core settings, the webhook settings
 * and the provider modules. Their messages are phrases that follow the variable's name
 * ("must be …", "is not …"): errors.ts puts the name in front. Unset and blank are the same
 * (an env file's `FOO=`), so a default applies to both.
 */

/** A blank value counts as unset. */
export const blankAsUnset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A variable read through `schema` once trimmed; unset or blank gives `undefined` (or the schema's default). */
export function variable<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    const given = blankAsUnset(value);
    return typeof given === 'string' ? given.trim() : given;
  }, schema);
}

/** A value as a message quotes it. Never used for a secret. */
export const quoted = (value: string): string => JSON.stringify(value);

const FLAG_WORDS: Readonly<Record<string, boolean>> = { on: true, true: true, '1': true, off: false, false: false, '0': false };

/** `on`/`off`, or explicitly `true`/`false`, `1`/`0`; anything else is refused rather than read as on. */
export const flag = () =>
  z.string().transform((value, ctx) => {
    const on = FLAG_WORDS[value.toLowerCase()];
    if (on !== undefined) return on;
    ctx.addIssue({ code: 'custom', message: `must be on or off (true/false and 1/0 also do), not ${quoted(value)}.` });
    return z.NEVER;
  });

/** A whole number from `min` to `max`, written in digits only. */
export const integer = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z.string().transform((value, ctx) => {
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isSafeInteger(number) && number >= min && number <= max) return number;
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    ctx.addIssue({ code: 'custom', message: `must be a whole number ${range}, not ${quoted(value)}.` });
    return z.NEVER;
  });

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A duration in milliseconds, digits only; `1s` and the like are refused with the number to write instead. */
export const durationMs = ({ min = 1 }: { min?: number } = {}) =>
  z.string().transform((value, ctx) => {
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isSafeInteger(number) && number >= min) return number;
    const unit = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/i.exec(value);
    const hint = unit ? ` (write ${Math.round(Number(unit[1]) * UNIT_MS[unit[2]!.toLowerCase()]!)})` : '';
    ctx.addIssue({ code: 'custom', message: `must be a whole number of milliseconds, ${min === 0 ? '0 or more' : `above ${min - 1}`}, not ${quoted(value)}${hint}.` });
    return z.NEVER;
  });

/** pino's levels, and `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const logLevel = () =>
  z.string().transform((value, ctx) => {
    const level = LOG_LEVELS.find((known) => known === value.toLowerCase());
    if (level) return level;
    ctx.addIssue({ code: 'custom', message: `must be one of ${LOG_LEVELS.join(', ')}, not ${quoted(value)}.` });
    return z.NEVER;
  });

/** A name or address to listen on: no scheme, path or port. */
export const host = () =>
  z.string().refine((value) => /^[A-Za-z0-9.:%-]+$/.test(value) && !/^\d+$/.test(value), {
    error: (issue) => `must be a host name or IP address to listen on (0.0.0.0: every interface; 127.0.0.1: this machine only), not ${quoted(String(issue.input))}.`,
  });

/** The URL with any user name and password masked, for a message. */
function withoutCredentials(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const masked = new URL(url.href);
  masked.username = '***';
  masked.password = '';
  return masked.href;
}

/**
 * An absolute http(s) URL with no query, fragment or credentials, as a base other URLs are
 * appended to: its trailing `/` is dropped, a path kept.
 */
export const httpBaseUrl = ({ example }: { example: string }) =>
  z.string().transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `is not a URL (${quoted(value)}): set it to an http(s) URL, e.g. ${example}.` });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `must be an http(s) URL, e.g. ${example}, not ${withoutCredentials(url)}.` });
      return z.NEVER;
    }
    if (url.search || url.hash || url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: `must have no query, fragment or credentials: ${withoutCredentials(url)}.` });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname}`.replace(/\/$/, '');
  });

/** Comma-separated web origins (`http://localhost:5173,https://shop.example`): each a scheme, host and port only. */
export const originList = () =>
  z.string().transform((value, ctx) => {
    const origins = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    for (const origin of origins) {
      if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
        ctx.addIssue({ code: 'custom', message: `must list origins like http://localhost:5173 (scheme, host and port, no path), not ${quoted(origin)}.` });
        return z.NEVER;
      }
    }
    return origins;
  });

/** A PostgreSQL connection URL. It usually holds a password: never quoted. */
export const postgresUrl = () =>
  z.string().refine((value) => isPostgresUrl(value) && URL.canParse(value), {
    error: 'must be a postgres:// or postgresql:// URL, e.g. postgres://user:password@127.0.0.1:5432/momo (unset: the SQLite file).',
  });

/** Any text, required to be set in production (a secret, say). A transform, not a refinement: those skip an unset value. */
export const requiredInProduction = (production: boolean, why = '') =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (production && value === undefined) ctx.addIssue({ code: 'custom', message: `must be set in production${why}.` });
      return value;
    });

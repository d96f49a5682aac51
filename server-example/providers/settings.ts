import { z } from 'zod';

/** An unset or blank variable is absent: `FOO=` in an env file means "not configured". */
const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** Pieces of the provider modules' setting schemas: each reads one environment variable (a string). */
export const setting = {
  /** Any non-blank text, trimmed. */
  text: () => z.preprocess(blankIsUnset, z.string().trim().optional()),
  /** An absolute http(s) URL; a base URL's trailing `/` is dropped, a page's (`{ page: true }`) kept. */
  url: ({ page = false } = {}) =>
    z.preprocess(
      blankIsUnset,
      z
        .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
        .transform((value) => (page ? value : value.replace(/\/+$/, '')))
        .optional(),
    ),
  /** A whole number of milliseconds (or days), above zero: `1s` or `0` is refused, not read as NaN. */
  positiveInt: () => z.preprocess(blankIsUnset, z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').positive('must be above zero').optional()),
  /** `true` or `false`, nothing else: `SSE=false`-style surprises are refused. */
  flag: () =>
    z.preprocess(
      blankIsUnset,
      z
        .enum(['true', 'false'], { error: 'must be true or false' })
        .transform((value) => value === 'true')
        .optional(),
    ),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => z.preprocess(blankIsUnset, z.enum(values, { error: `must be one of ${values.join(', ')}` }).optional()),
};

/**
 * A provider pointed at its real API must be given its own credentials: the sandbox defaults
 * (public test keys, a demo payee wallet) would at best fail there and at worst name someone
 * else's wallet as the payee. Throws at startup, naming every variable that is missing.
 */
export function requireSettings(settings: Readonly<Record<string, unknown>>, provider: string, baseUrlVariable: string, names: readonly string[]): void {
  const missing = names.filter((name) => settings[name] === undefined);
  if (missing.length > 0) {
    throw new Error(`${provider}: ${baseUrlVariable} is set, so set ${missing.join(', ')} too (the sandbox defaults do not apply to a real API).`);
  }
}

/**
 * In production a provider never runs on credentials anyone can read in public sample code or
 * in our sandboxes' defaults, even when they are set explicitly: they only ever reach a test host.
 */
export function refusePublicCredentials(provider: string, production: boolean, publicVariables: readonly string[]): void {
  if (production && publicVariables.length > 0) {
    throw new Error(
      `${provider}: ${publicVariables.join(', ')} ${publicVariables.length === 1 ? 'holds a' : 'hold'} public test credential${publicVariables.length === 1 ? '' : 's'}; production needs the merchant's own.`,
    );
  }
}

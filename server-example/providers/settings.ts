import { z } from 'zod';
import { ConfigError } from '../config/errors';
import { blankAsUnset, flag, integer, variable } from '../config/variables';

/** Pieces of the provider modules' setting schemas: each reads one environment variable (a string); blank is unset. */
export const setting = {
  /** Any non-blank text, trimmed. */
  text: () => variable(z.string().optional()),
  /** An absolute http(s) URL; a base URL's trailing `/` is dropped, a page's (`{ page: true }`) kept. */
  url: ({ page = false } = {}) =>
    z.preprocess(
      blankAsUnset,
      z
        .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
        .transform((value) => (page ? value : value.replace(/\/+$/, '')))
        .optional(),
    ),
  /** A whole number of milliseconds (or days), above zero, digits only: `1s`, `1e3` or `0` is refused, not read as NaN. */
  positiveInt: () => variable(integer(1).optional()),
  /** The core's flag: on/off, true/false or 1/0, nothing else. */
  flag: () => variable(flag().optional()),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => variable(z.enum(values, { error: `must be one of ${values.join(', ')}` }).optional()),
};

/**
 * A provider pointed at its real API must be given its own credentials: the sandbox defaults
 * (public test keys, a demo payee wallet) would at best fail there and at worst name someone
 * else's wallet as the payee. Throws at startup, naming every variable that is missing.
 */
export function requireSettings(settings: Readonly<Record<string, unknown>>, provider: string, baseUrlVariable: string, names: readonly string[]): void {
  const missing = names.filter((name) => settings[name] === undefined);
  if (missing.length > 0) {
    const message = `${provider}: ${baseUrlVariable} is set, so set ${missing.join(', ')} too (the sandbox defaults do not apply to a real API).`;
    throw new ConfigError([{ variable: baseUrlVariable, message }]);
  }
}

/**
 * In production a provider never runs on credentials anyone can read in public sample code or
 * in our sandboxes' defaults, even when they are set explicitly: they only ever reach a test host.
 */
export function refusePublicCredentials(provider: string, production: boolean, publicVariables: readonly string[]): void {
  if (production && publicVariables.length > 0) {
    const message = `${provider}: ${publicVariables.join(', ')} ${publicVariables.length === 1 ? 'holds a' : 'hold'} public test credential${publicVariables.length === 1 ? '' : 's'}; production needs the merchant's own.`;
    throw new ConfigError([{ variable: publicVariables[0]!, message }]);
  }
}

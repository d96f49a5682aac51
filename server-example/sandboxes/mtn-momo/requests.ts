/**
 * Request checks shared by every creating call (invoice, requesttopay, payment): the
 * X-Reference-Id and X-Callback-Url headers, and the amount against the currency.
 */
import type { Context } from 'hono';
import type { CollectionEnv } from './auth';
import { badRequest, ERRORS, type MtnError } from './errors';
import type { ApiUser } from './state';
import { decimalsOf, ENVIRONMENT_CURRENCY, MINOR_UNITS, UUID_V4 } from './wire';

type Ctx = Context<CollectionEnv>;

export function referenceIdHeader(c: Ctx): string | MtnError {
  const referenceId = c.req.header('X-Reference-Id');
  return referenceId && UUID_V4.test(referenceId) ? referenceId : badRequest('X-Reference-Id header must be a UUID version 4.');
}

/** The optional X-Callback-Url: its host must be the API user's providerCallbackHost. */
export function callbackUrlHeader(c: Ctx, user: ApiUser): string | undefined | MtnError {
  const raw = c.req.header('X-Callback-Url');
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return badRequest('X-Callback-Url must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return badRequest('X-Callback-Url must be an absolute http(s) URL.');
  }
  return url.hostname.toLowerCase() === callbackHostOf(user) ? raw : ERRORS.callbackHost;
}

/** providerCallbackHost is a bare host, but people register URLs too: compare host names. */
function callbackHostOf(user: ApiUser): string {
  const host = user.providerCallbackHost.trim().toLowerCase();
  try {
    return new URL(host.includes('://') ? host : `http://${host}`).hostname;
  } catch {
    return host;
  }
}

/** The currency must be the target environment's (500 INVALID_CURRENCY), the decimals its minor units (400). */
export function moneyError(c: Ctx, amount: string, currency: string): MtnError | undefined {
  if (ENVIRONMENT_CURRENCY[c.var.targetEnvironment] !== currency) return ERRORS.invalidCurrency;
  const minorUnits = MINOR_UNITS[currency] ?? 0;
  if (decimalsOf(amount) > minorUnits) return badRequest(`amount: ${currency} allows at most ${minorUnits} decimal places`);
  return undefined;
}

export const isError = (value: unknown): value is MtnError => typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

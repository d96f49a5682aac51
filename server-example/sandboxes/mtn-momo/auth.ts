/**
 * Gateway checks, in the order MTN's Azure APIM applies them: subscription key, injected
 * failures, then the bearer token and target environment of collection calls.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { underInjectedFaults } from '../common/faults';
import { badRequest, ERRORS, mtn, reply, type MtnError } from './errors';
import type { ApiUser, SandboxState } from './state';
import { ENVIRONMENT_CURRENCY, type MtnReasonCode } from './wire';

/** Context variables set for collection calls. */
export interface CollectionEnv {
  Variables: { apiUser: ApiUser; targetEnvironment: string };
}

/** Constant-time string compare (hashing first equalises the lengths). */
export function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function subscriptionKey(accepted: readonly string[]): MiddlewareHandler {
  return async function subscriptionKey(c, next) {
    const key = c.req.header('Ocp-Apim-Subscription-Key');
    if (!key) return reply(c, ERRORS.missingSubscriptionKey);
    if (!accepted.some((candidate) => safeEqual(candidate, key))) return reply(c, ERRORS.invalidSubscriptionKey);
    await next();
  };
}

/** The answer of a `failNext` fault: the status's own error, or `{code}` with that status. */
function injected(status: 400 | 500 | 503, code: MtnReasonCode | undefined): MtnError {
  const standard = status === 503 ? ERRORS.unavailable : status === 500 ? ERRORS.internal : badRequest('Injected bad request.');
  return code ? mtn(status, code, `Injected failure: ${code}.`) : standard;
}

/**
 * The `failNext` and `hangNext` faults on collection/token calls. `failNext`: the next N
 * answer 400, 500 or 503 and do nothing, or, with `afterProcessing`, take effect and then
 * answer the failure. `hangNext`: the next N take effect and answer only after `ms`.
 */
export function injectedFailures(state: SandboxState): MiddlewareHandler {
  return async function injectedFailures(c, next) {
    return underInjectedFaults(c, next, state.faults, (failNext) => reply(c, injected(failNext.status, failNext.code)));
  };
}

export function bearerToken(state: SandboxState): MiddlewareHandler<CollectionEnv> {
  return async function bearerToken(c, next) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '');
    if (!match?.[1]) return reply(c, ERRORS.missingAccessToken);
    const checked = state.checkToken(match[1]);
    if (checked === 'invalid') return reply(c, ERRORS.invalidAccessToken);
    if (checked === 'expired') return reply(c, ERRORS.expiredAccessToken);
    c.set('apiUser', checked.apiUser);
    await next();
  };
}

export function targetEnvironment(): MiddlewareHandler<CollectionEnv> {
  return async function targetEnvironment(c, next) {
    const environment = c.req.header('X-Target-Environment');
    if (!environment || ENVIRONMENT_CURRENCY[environment] === undefined) return reply(c, ERRORS.targetEnvironment);
    c.set('targetEnvironment', environment);
    await next();
  };
}

/** `Authorization: Basic base64(apiUser:apiKey)`, or undefined when malformed. */
export function parseBasic(header: string | undefined): { user: string; key: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  return { user: decoded.slice(0, colon), key: decoded.slice(colon + 1) };
}

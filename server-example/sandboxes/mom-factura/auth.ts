/**
 * The gateway checks of every `/api/*` call, in this order: x-api-key present → known and
 * active → origin registered → 100 requests/min → injected faults (failNext, hangNext).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { underInjectedFaults } from '../common/faults';
import { ERRORS, reply } from './errors';
import type { ApiKeyConfig, SandboxState } from './state';

export interface ApiEnv {
  Variables: { apiKey: ApiKeyConfig; qa: boolean };
}

/** Constant-time string compare (hashing first equalises the lengths). */
export function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

export function apiGateway(state: SandboxState): MiddlewareHandler<ApiEnv> {
  return async function apiGateway(c, next) {
    const presented = c.req.header('x-api-key');
    if (!presented) return reply(c, ERRORS.missingApiKey);
    const apiKey = [...state.keys.values()].find((candidate) => safeEqual(candidate.key, presented));
    if (!apiKey || apiKey.active === false) return reply(c, ERRORS.invalidApiKey);

    const qa = c.req.header('x-env-qa') === 'true';
    // Server-to-server calls carry no Origin; browser calls must come from a registered domain,
    // unless QA (any origin) or dev mode from localhost.
    const origin = c.req.header('origin');
    if (origin !== undefined && !qa) {
      const host = originHost(origin);
      const devLocal = c.req.header('x-dev-mode') === 'true' && host !== undefined && LOCAL_HOSTS.has(host);
      const registered = host !== undefined && (apiKey.domains ?? ['localhost', '127.0.0.1']).some((domain) => domain.toLowerCase() === host);
      if (!devLocal && !registered) return reply(c, ERRORS.domainNotAllowed);
    }

    if (!state.take(apiKey.key, 'request')) return reply(c, ERRORS.rateLimit);

    c.set('apiKey', apiKey);
    c.set('qa', qa);
    // Injected faults: `failNext` answers 500/503, before the call takes effect or (afterProcessing)
    // after it; `hangNext` lets the call take effect and holds its answer for `ms`.
    return underInjectedFaults(c, next, state.faults, (failNext) => reply(c, failNext.status === 503 ? ERRORS.unavailable : ERRORS.internal));
  };
}

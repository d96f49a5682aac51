import pino from 'pino';
import { loadConfig } from '../../server-example/config';
import { createProviders } from '../../server-example/providers/registry';
import type { CallSlots } from '../../server-example/rate-limiter';

/** Never waits: for tests that make adapters but no status calls. */
export const unlimitedCallSlots: CallSlots = () => async () => {};

/** `env` read as the backend reads it: through loadConfig, the one configuration schema (a token secret given, so no file is made). */
export function configFromEnv(env: NodeJS.ProcessEnv) {
  return loadConfig({ TOKEN_SECRET: 'test-token-secret-'.padEnd(32, 'x'), ...env });
}

/** The backend's adapters as it builds them from `env` (no call is made). */
export function providersFromEnv(env: NodeJS.ProcessEnv, { production = false, urls = { sandbox: 'http://127.0.0.1:9', public: 'http://localhost:9' } } = {}) {
  return createProviders({ settings: configFromEnv(env).providerSettings, production, urls, log: pino({ level: 'silent' }), callSlots: unlimitedCallSlots });
}

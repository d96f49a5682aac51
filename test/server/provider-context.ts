import pino from 'pino';
import { createProviders, parseProviderSettings } from '../../server-example/providers/registry';
import type { CallSlots } from '../../server-example/rate-limiter';

/** Never waits: for tests that make adapters but no status calls. */
export const unlimitedCallSlots: CallSlots = () => async () => {};

/** The backend's adapters as it builds them from `env` (no call is made). */
export function providersFromEnv(env: NodeJS.ProcessEnv, { production = false, urls = { sandbox: 'http://127.0.0.1:9', public: 'http://localhost:9' } } = {}) {
  return createProviders({ settings: parseProviderSettings(env), production, urls, log: pino({ level: 'silent' }), callSlots: unlimitedCallSlots });
}

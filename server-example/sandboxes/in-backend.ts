import type { Hono } from 'hono';
import type { Logger } from 'pino';
import { createProviders, type ProviderSettings } from '../providers/registry';
import type { ProviderAdapter } from '../providers/types';
import { createMemoryCallSlots, type CallSlots } from '../rate-limiter';
import { createSandboxes } from './registry';
import { parseSettings, SandboxCredentialsSchema } from './settings';

export interface BackendProvidersOptions {
  env: NodeJS.ProcessEnv;
  production: boolean;
  demo: boolean;
  /** `local`: how this process reaches itself; `public`: how providers and browsers reach it. */
  urls: { local: string; public: string };
  log: Logger;
  /** Each provider's settings as the config parsed them (loadConfig's `providerSettings`). */
  settings: ProviderSettings;
  /** The sandboxes process to use (the config's parsed SANDBOX_URL); unset: this process serves the sandboxes. */
  sandboxUrl?: string;
  /** Status-call limits; default: spaced within this process only. */
  callSlots?: CallSlots;
}

export interface BackendProviders {
  adapters: ReadonlyMap<string, ProviderAdapter>;
  /** The sandboxes this process serves at `/sandbox/{id}`: none with SANDBOX_URL, or when every provider is real. */
  sandboxes: ReadonlyMap<string, Hono>;
  /** The sandboxes process this instance uses (SANDBOX_URL), if any. */
  sandboxUrl?: string;
}

/**
 * A backend instance's adapters, and the sandboxes it serves itself. With `SANDBOX_URL` the
 * adapters of providers without a real base URL talk to that process and nothing is mounted
 * here. Without it the sandboxes are mounted in this process; with the demo off only their
 * provider APIs are (the adapters need them), never a control API: no one can act as a payer.
 */
export function createBackendProviders(options: BackendProvidersOptions): BackendProviders {
  const { env, production, demo, urls, log, sandboxUrl } = options;
  const { adapters, sandboxed } = createProviders({
    settings: options.settings,
    production,
    urls: { sandbox: sandboxUrl ?? urls.local, public: urls.public },
    log,
    callSlots: options.callSlots ?? createMemoryCallSlots(),
  });
  // Production offers no provider without a real base URL, so `sandboxed` is empty there.
  const inProcess = !sandboxUrl && sandboxed.size > 0;
  const sandboxes = inProcess ? createSandboxes({ publicUrl: urls.public, credentials: parseSettings(SandboxCredentialsSchema, env), control: demo, only: sandboxed }) : new Map<string, Hono>();
  return { adapters, sandboxes, ...(sandboxUrl ? { sandboxUrl } : {}) };
}

import type { Hono } from 'hono';
import type { Config } from '../config';
import { createMtnMomoSandbox } from '../sandboxes/mtn-momo';
import { createMtnMomoAdapter } from './mtn-momo/adapter';
import type { ProviderAdapter } from './types';

export interface Providers {
  adapters: ReadonlyMap<string, ProviderAdapter>;
  /** The sandboxes standing in for providers that have no real base URL configured. */
  sandboxes: ReadonlyMap<string, Hono>;
}

interface Urls {
  /** How this process reaches itself (the sandboxes it serves). */
  local: string;
  /** How providers and browsers reach it. */
  public: string;
}

/** One entry per provider: its adapter, and the sandbox it talks to when it has no real base URL. */
const PROVIDERS: ((config: Config, urls: Urls) => { adapter: ProviderAdapter; sandbox?: Hono; real: boolean })[] = [
  (config, urls) => {
    const real = Boolean(config.mtn.baseUrl);
    return {
      real,
      sandbox: real ? undefined : createMtnMomoSandbox({ subscriptionKeys: [config.mtn.subscriptionKey] }),
      adapter: createMtnMomoAdapter({
        ...config.mtn,
        baseUrl: config.mtn.baseUrl ?? `${urls.local}/sandbox/mtn-momo`,
        callbackHost: new URL(urls.public).hostname,
        sandbox: !real,
      }),
    };
  },
];

/**
 * Every provider gets its adapter; one with no real base URL talks to its sandbox, served by
 * this same backend and reached over real HTTP at `{local}/sandbox/{provider}`. In production
 * such a provider is not offered at all: a sandbox's control API would let anyone settle payments.
 */
export function createProviders(config: Config, urls: Urls): Providers {
  const adapters = new Map<string, ProviderAdapter>();
  const sandboxes = new Map<string, Hono>();
  for (const make of PROVIDERS) {
    const { adapter, sandbox, real } = make(config, urls);
    if (!real && config.production) continue;
    adapters.set(adapter.id, adapter);
    if (sandbox) sandboxes.set(adapter.id, sandbox);
  }
  return { adapters, sandboxes };
}

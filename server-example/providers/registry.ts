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

/**
 * Every provider gets its adapter; one with no real base URL talks to its sandbox, served by
 * this same backend and reached over real HTTP at `{localUrl}/sandbox/{provider}`.
 */
export function createProviders(config: Config, urls: { local: string; public: string }): Providers {
  const adapters = new Map<string, ProviderAdapter>();
  const sandboxes = new Map<string, Hono>();

  const mtnSandbox = !config.mtn.baseUrl;
  if (mtnSandbox) sandboxes.set('mtn-momo', createMtnMomoSandbox({ subscriptionKeys: [config.mtn.subscriptionKey] }));
  adapters.set('mtn-momo', createMtnMomoAdapter({
    ...config.mtn,
    baseUrl: config.mtn.baseUrl ?? `${urls.local}/sandbox/mtn-momo`,
    callbackHost: new URL(urls.public).hostname,
    sandbox: mtnSandbox,
  }));

  return { adapters, sandboxes };
}

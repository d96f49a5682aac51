import type { Hono } from 'hono';
import { dollr } from './dollr';
import { momFactura } from './mom-factura';
import { momoVn } from './momo-vn';
import { mtnMomo } from './mtn-momo';
import type { ProviderAdapter, ProviderContext, ProviderModule } from './types';

/** Every provider this backend offers, one folder each. */
const MODULES: readonly ProviderModule[] = [mtnMomo, momoVn, momFactura, dollr];

export interface Providers {
  adapters: ReadonlyMap<string, ProviderAdapter>;
  /** The sandboxes standing in for providers that have no real base URL configured. */
  sandboxes: ReadonlyMap<string, Hono>;
}

/**
 * Every provider gets its adapter; one with no real base URL talks to its sandbox, served by
 * this same backend and reached over real HTTP at `{local}/sandbox/{provider}`. In production
 * such a provider is not offered at all: a sandbox's control API would let anyone settle payments.
 */
export function createProviders(context: ProviderContext): Providers {
  const adapters = new Map<string, ProviderAdapter>();
  const sandboxes = new Map<string, Hono>();
  for (const module of MODULES) {
    const { adapter, sandbox, real } = module.create(context);
    if (!real && context.production) continue;
    adapters.set(adapter.id, adapter);
    if (sandbox) sandboxes.set(adapter.id, sandbox);
  }
  return { adapters, sandboxes };
}

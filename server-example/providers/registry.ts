import { dollr } from './dollr';
import { momFactura } from './mom-factura';
import { momoVn } from './momo-vn';
import { mtnMomo } from './mtn-momo';
import type { ProviderAdapter, ProviderContext, ProviderModule } from './types';

/** Every provider this backend offers, one folder each: config.ts reads their settings and secrets from here. */
export const PROVIDER_MODULES: readonly ProviderModule[] = [mtnMomo, momoVn, momFactura, dollr];

/** Each provider's settings as its module's schema parsed them, by provider id. */
export type ProviderSettings = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface ProvidersContext extends Omit<ProviderContext, 'settings'> {
  /** Every module's parsed settings, by provider id (loadConfig's `providerSettings`). */
  settings: ProviderSettings;
}

export interface Providers {
  adapters: ReadonlyMap<string, ProviderAdapter>;
  /** The providers with no real base URL: their adapters talk to a sandbox at `{urls.sandbox}/sandbox/{id}`. */
  sandboxed: ReadonlySet<string>;
}

/**
 * Every provider gets its adapter; one with no real base URL talks to its sandbox over real
 * HTTP. In production such a provider is not offered at all: a sandbox's control API would let
 * anyone settle payments. A provider with a real base URL and missing or public credentials
 * throws here, at startup, naming the variables.
 */
export function createProviders(context: ProvidersContext): Providers {
  const adapters = new Map<string, ProviderAdapter>();
  const sandboxed = new Set<string>();
  for (const module of PROVIDER_MODULES) {
    const settings = context.settings[module.id] ?? module.settings.parse({});
    const { adapter, real } = module.create({ ...context, settings });
    if (!real && context.production) continue;
    adapters.set(adapter.id, adapter);
    if (!real) sandboxed.add(adapter.id);
  }
  return { adapters, sandboxed };
}

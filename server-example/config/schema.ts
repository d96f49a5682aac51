import { z } from 'zod';
import { webhookSettings } from '../webhooks/config';
import { coreSettings } from './core';
import type { ProviderSettingsModule } from './providers';

/**
 * The one schema every variable is read through: the core's, the merchant webhooks' and each
 * provider module's own, side by side, so one parse reports every bad variable at once. Each
 * part is its module's own z.object, whole, so the checks it makes across its variables still run.
 */
export function configSchema(production: boolean, modules: readonly ProviderSettingsModule[]) {
  const providers = z.object(Object.fromEntries(modules.map((module) => [module.id, module.settings])));
  return z.preprocess(
    (env) => ({ core: env, webhooks: env, providers: Object.fromEntries(modules.map((module) => [module.id, env])) }),
    z.object({ core: coreSettings(production), webhooks: webhookSettings(production), providers }),
  );
}

export type ParsedConfig = z.output<ReturnType<typeof configSchema>>;

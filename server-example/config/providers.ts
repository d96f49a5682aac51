import { PROVIDER_MODULES } from '../providers/registry';
import type { ProviderModule } from '../providers/types';

/** What the configuration needs of a provider module: its variables and which of them are secrets. */
export type ProviderSettingsModule = Pick<ProviderModule, 'id' | 'settings' | 'secrets'>;

/**
 * The provider modules whose variables join the one configuration schema: the registry's list,
 * so a new provider folder brings its settings and secret names with it.
 */
export const PROVIDER_SETTINGS_MODULES: readonly ProviderSettingsModule[] = PROVIDER_MODULES;

import { WEBHOOK_SECRETS } from '../webhooks/config';
import { CORE_SECRETS } from './core';
import { PROVIDER_SETTINGS_MODULES, type ProviderSettingsModule } from './providers';

/** Every variable whose value is a secret: the core's, the webhooks' and each provider module's own. */
export function secretVariables(modules: readonly ProviderSettingsModule[] = PROVIDER_SETTINGS_MODULES): string[] {
  return [...new Set([...CORE_SECRETS, ...WEBHOOK_SECRETS, ...modules.flatMap((module) => module.secrets)])];
}

const camel = (words: readonly string[]) => words.map((word, index) => (index === 0 ? word : `${word[0]!.toUpperCase()}${word.slice(1)}`)).join('');

/**
 * The keys a secret variable's value travels under in logged objects: the variable itself, and
 * its name without its leading words (at least two words kept, so `MTN_API_KEY` gives `apiKey`
 * but never a bare `key`) in camelCase, snake_case and kebab-case (`DOLLR_CLIENT_SECRET`:
 * `clientSecret`, `client_secret`, `client-secret`: a body field, a JSON key, a header).
 */
export function logKeysFor(variable: string): string[] {
  const words = variable.toLowerCase().split('_').filter(Boolean);
  const keys = new Set([variable]);
  for (let start = 0; start <= words.length - 2; start++) {
    const tail = words.slice(start);
    keys.add(camel(tail));
    keys.add(tail.join('_'));
    keys.add(tail.join('-'));
  }
  return [...keys];
}

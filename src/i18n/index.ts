import { en } from './en';
import type { Translation } from './translation';

export type { Translation } from './translation';
export { en } from './en';

const translations = new Map<string, Translation>([[en.$code.toLowerCase(), en]]);

/** Makes a locale available to every `<momo-checkout>`. */
export function registerTranslation(...added: Translation[]): void {
  for (const translation of added) translations.set(translation.$code.toLowerCase(), translation);
}

/** The best match for a BCP 47 tag: exact, then the language alone, then English. */
export function resolveTranslation(locale: string | undefined): Translation {
  const tag = (locale ?? '').toLowerCase();
  return translations.get(tag) ?? translations.get(tag.split('-')[0] ?? '') ?? en;
}

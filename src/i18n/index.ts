import { en } from './en.js';
import { fr } from './fr.js';
import { ptAO } from './pt-AO.js';
import { sw } from './sw.js';
import type { Translation } from './translation.js';
import { vi } from './vi.js';

export type { Translation } from './translation.js';
export { en, fr, ptAO, sw, vi };

/** By lower-case tag (`pt-ao`) and by language alone (`pt`). */
const translations = new Map<string, Translation>();

/**
 * Makes a locale available to every `<momo-checkout>`. A tag replaces the one registered with
 * that tag; its language alone (`pt` for `pt-AO`) finds it unless another of that language came first.
 */
export function registerTranslation(...added: Translation[]): void {
  for (const translation of added) {
    const tag = translation.$code.toLowerCase();
    const language = tag.split('-')[0]!;
    translations.set(tag, translation);
    if (tag === language || !translations.has(language)) translations.set(language, translation);
  }
}

registerTranslation(en, fr, ptAO, vi, sw);

/** The translation for a BCP 47 tag (exact, then by language), if there is one. */
const lookup = (tag: string): Translation | undefined => translations.get(tag.toLowerCase()) ?? translations.get(tag.toLowerCase().split('-')[0]!);

/** The best match for a BCP 47 tag: exact, then the language alone (`fr-CI` → `fr`), then English. */
export function resolveTranslation(locale: string | undefined): Translation {
  return lookup(locale ?? '') ?? en;
}

/**
 * The first candidate whose language has a translation, canonicalised (`PT-ao` → `pt-AO`);
 * English when none has. Amounts and dates are formatted with this whole tag, so `fr-CI`
 * gets French texts and Ivorian number formats. Invalid tags are skipped.
 */
export function resolveLocale(candidates: readonly (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    try {
      const tag = candidate && Intl.getCanonicalLocales(candidate)[0];
      if (tag && lookup(tag)) return tag;
    } catch {
      // not a BCP 47 tag: try the next
    }
  }
  return 'en';
}

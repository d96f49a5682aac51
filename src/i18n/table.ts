import type { Translation } from './translation.js';

/** Translations by lower-case tag (`pt-ao`) and by language alone (`pt`). */
export type TranslationTable = Map<string, Translation>;

const languageOf = (tag: string): string => tag.split('-')[0]!;

/** A tag replaces the one added with that tag; its language alone finds it unless another of that language came first. */
export function addTranslations(table: TranslationTable, added: readonly Translation[]): void {
  for (const translation of added) {
    const tag = translation.$code.toLowerCase();
    const language = languageOf(tag);
    table.set(tag, translation);
    if (tag === language || !table.has(language)) table.set(language, translation);
  }
}

/** The translation for a BCP 47 tag (exact, then by language), if there is one. */
export const findTranslation = (table: TranslationTable, tag: string): Translation | undefined => table.get(tag.toLowerCase()) ?? table.get(languageOf(tag.toLowerCase()));

/**
 * The first candidate whose language has a translation, canonicalised (`PT-ao` → `pt-AO`);
 * English when none has. Invalid tags are skipped.
 */
export function firstSpokenLocale(table: TranslationTable, candidates: readonly (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    try {
      const tag = candidate && Intl.getCanonicalLocales(candidate)[0];
      if (tag && findTranslation(table, tag)) return tag;
    } catch {
      // not a BCP 47 tag: try the next
    }
  }
  return 'en';
}

import { en } from './en.js';
import { fr } from './fr.js';
import { ptAO } from './pt-AO.js';
import { sw } from './sw.js';
import { addTranslations, findTranslation, firstSpokenLocale, type TranslationTable } from './table.js';
import type { Translation } from './translation.js';
import { vi } from './vi.js';
import { fromWireTranslation } from './wire.js';

export type { Translation } from './translation.js';
// Not registered: an app that wants one built in registers it (the backend sends the checkout's otherwise).
export { en, fr, ptAO, sw, vi };

const translations: TranslationTable = new Map();

/**
 * Makes a locale available to every `<momo-checkout>`. A tag replaces the one registered with
 * that tag; its language alone (`pt` for `pt-AO`) finds it unless another of that language came first.
 */
export function registerTranslation(...added: Translation[]): void {
  addTranslations(translations, added);
}

// Only English is built in: every other language comes with the session (or from the app).
registerTranslation(en);

/**
 * Registers the translation a session brought (`Session.translation`, in its wire form) and
 * returns it; `undefined`, and nothing registered, when there is none or it is no translation.
 * Texts it lacks or has malformed read in English.
 */
export function adoptTranslation(wire: unknown): Translation | undefined {
  const translation = wire === undefined ? undefined : fromWireTranslation(wire);
  if (translation) registerTranslation(translation);
  return translation;
}

/** The best match for a BCP 47 tag: exact, then the language alone (`fr-CI` → `fr`), then English. */
export function resolveTranslation(locale: string | undefined): Translation {
  return findTranslation(translations, locale ?? '') ?? en;
}

/**
 * The first candidate whose language has a translation registered, canonicalised (`PT-ao` →
 * `pt-AO`); English when none has. Amounts and dates are formatted with this whole tag, so
 * `fr-CI` gets French texts and Ivorian number formats. Invalid tags are skipped.
 */
export function resolveLocale(candidates: readonly (string | null | undefined)[]): string {
  return firstSpokenLocale(translations, candidates);
}

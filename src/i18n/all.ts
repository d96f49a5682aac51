/**
 * Every translation this package has, for servers: the backend that negotiates a session's
 * language and sends its texts, and a server-side renderer that speaks them all. Importing it
 * registers all of them (`registerTranslation`); the browser bundle never imports it.
 */
import type { WireTranslation } from '../../contract/index.js';
import { en, fr, ptAO, registerTranslation, sw, vi } from './index.js';
import { addTranslations, findTranslation, firstSpokenLocale, type TranslationTable } from './table.js';
import type { Translation } from './translation.js';
import { toWireTranslation } from './wire.js';

export { parseAcceptLanguage } from './accept-language.js';

export const ALL_TRANSLATIONS: readonly Translation[] = [en, fr, ptAO, vi, sw];

registerTranslation(...ALL_TRANSLATIONS);

const all: TranslationTable = new Map();
addTranslations(all, ALL_TRANSLATIONS);

/**
 * The locale to speak for these candidates, most wanted first: as `resolveLocale` picks over
 * every translation here (the exact tag, then its language; canonicalised; invalid tags skipped),
 * English when none has one.
 */
export function negotiateLocale(candidates: readonly (string | null | undefined)[]): string {
  return firstSpokenLocale(all, candidates);
}

/** Serialised once per translation; frozen, as every session shares it. */
const wires = new Map<Translation, WireTranslation>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

/** The texts for a locale (`negotiateLocale`'s) in their wire form; `undefined` for English, which the element has built in. */
export function wireTranslationFor(locale: string): WireTranslation | undefined {
  const translation = findTranslation(all, locale) ?? en;
  if (translation === en) return undefined;
  const known = wires.get(translation);
  if (known) return known;
  const wire = deepFreeze(toWireTranslation(translation));
  wires.set(translation, wire);
  return wire;
}

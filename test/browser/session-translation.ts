import type { Session } from '../../contract';
import { fr, ptAO, sw, vi } from '../../src/i18n/index';
import { addTranslations, findTranslation, type TranslationTable } from '../../src/i18n/table';
import { toWireTranslation } from '../../src/i18n/wire';

/** The languages the backend has besides English; not registered here, only serialised. */
const sent: TranslationTable = new Map();
addTranslations(sent, [fr, ptAO, vi, sw]);

/**
 * What the backend adds to a session in `locale` (as `withTranslation` does): its texts in their
 * wire form, none for English. For fake backends, so a fixture in French comes as a real one would.
 */
export function translationFor(locale: string | undefined): Pick<Session, 'translation'> {
  const translation = locale ? findTranslation(sent, locale) : undefined;
  return translation ? { translation: toWireTranslation(translation) } : {};
}

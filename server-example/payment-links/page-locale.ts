import { sessionLocaleCandidates } from '../checkouts/session-locale';
import { negotiateLocale } from '../../src/i18n/all';
import { resolveTranslation, type Translation } from '../../src/i18n/index';

export interface PageLocale {
  /** The negotiated tag: the page's `lang`, the element's `locale`, amounts' and dates' format. */
  locale: string;
  translation: Translation;
}

/**
 * A payment page speaks the checkout's language when the merchant gave one, else the first of
 * the browser's the element speaks, else English: as `GET /v1/session` negotiates it, without the
 * element's `locale` attribute, which a page of ours never sets.
 */
export function pageLocale(checkoutLocale: string | undefined, acceptLanguage: string | undefined): PageLocale {
  const locale = negotiateLocale(sessionLocaleCandidates({ checkout: checkoutLocale, acceptLanguage }));
  return { locale, translation: resolveTranslation(locale) };
}

/** Which way a negotiated locale's text runs: its translation's. */
export const directionOf = (locale: string): 'ltr' | 'rtl' => resolveTranslation(locale).$dir;

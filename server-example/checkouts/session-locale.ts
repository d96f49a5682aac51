import type { Session } from '../../contract';
import { negotiateLocale, parseAcceptLanguage, wireTranslationFor } from '../../src/i18n/all';
import { ApiError } from '../http/errors';

/** Longer than any tag a person writes: a longer one is refused without parsing it. */
const MAX_LOCALE_LENGTH = 64;

/**
 * The `locale` query parameter of `GET /v1/session`: the element's own `locale` attribute,
 * canonicalised; absent when empty. Not a BCP 47 tag: 400 `INVALID_LOCALE`.
 */
export function readLocaleParameter(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const tag = value.length <= MAX_LOCALE_LENGTH ? Intl.getCanonicalLocales(value)[0] : undefined;
    if (tag) return tag;
  } catch {
    // not a BCP 47 tag: refused below
  }
  throw new ApiError(400, 'INVALID_LOCALE', 'The locale parameter is not a BCP 47 language tag (such as fr, pt-AO or sw-KE).');
}

/** Where a session's language comes from, most wanted first. */
export interface SessionLocaleSources {
  /** The element's `locale` attribute (`readLocaleParameter`). */
  requested?: string | undefined;
  /** The checkout's, as the merchant created it. */
  checkout?: string | undefined;
  /** The payer's browser's `Accept-Language` header. */
  acceptLanguage?: string | undefined;
}

export const sessionLocaleCandidates = ({ requested, checkout, acceptLanguage }: SessionLocaleSources): (string | undefined)[] => [requested, checkout, ...parseAcceptLanguage(acceptLanguage)];

/**
 * The session with the texts of the first candidate's language the element can be given
 * (`negotiateLocale`); as it was when that is English, which the element has built in.
 * Every answer that depends on `Accept-Language` should say `Vary: Accept-Language`.
 */
export function withTranslation(session: Session, candidates: readonly (string | null | undefined)[]): Session {
  const translation = wireTranslationFor(negotiateLocale(candidates));
  return translation ? { ...session, translation } : session;
}

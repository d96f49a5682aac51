/** As the backend takes a checkout's `locale`: a language, and maybe a region (`fr`, `pt-AO`). */
const LANGUAGE_TAG = /^([a-z]{2,3})(?:-([a-z]{2}))?$/i;

/**
 * The payer's most wanted language in an `Accept-Language` header (`fr-CI,fr;q=0.9,en;q=0.8` → `fr-CI`),
 * written as the backend takes it; undefined when the header names none. The element falls back
 * to the checkout's language, then English, for one it does not speak.
 */
export function payerLanguage(acceptLanguage: string | undefined): string | undefined {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [range = '', ...params] = part.split(';').map((piece) => piece.trim());
      const q = params.find((param) => param.startsWith('q='));
      return { match: LANGUAGE_TAG.exec(range), weight: q ? Number(q.slice(2)) : 1 };
    })
    .filter(({ match, weight }) => match && weight > 0)
    .sort((a, b) => b.weight - a.weight); // stable: equal weights keep the header's order
  const [, language, region] = ranked[0]?.match ?? [];
  return language ? `${language.toLowerCase()}${region ? `-${region.toUpperCase()}` : ''}` : undefined;
}

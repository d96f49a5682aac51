/** More than a browser sends: the rest of a longer header is not read. */
const MAX_RANGES = 32;
/** A language range other than `*`: letters, then subtags of letters and digits (`pt-AO`, `zh-Hant-TW`). */
const RANGE = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;
/** RFC 9110 weight: `q=` and 0 to 1 with at most three decimals. */
const WEIGHT = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * The languages an `Accept-Language` header asks for, most wanted first (by q-value, then in the
 * header's order). Left out: `*` (any language: English, which every negotiation ends with, is
 * one), q=0 (not wanted), and malformed parts (the others still count).
 */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  const ranked: { tag: string; q: number }[] = [];
  for (const part of header.split(',').slice(0, MAX_RANGES)) {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim());
    if (!RANGE.test(range) || params.length > 1) continue;
    const weight = params.length ? WEIGHT.exec(params[0]!.replace(/\s+/g, '')) : undefined;
    if (weight === null) continue;
    const q = weight ? Number(weight[1]) : 1;
    if (q > 0) ranked.push({ tag: range, q });
  }
  // Array.prototype.sort is stable: equal weights keep the header's order.
  return ranked.sort((a, b) => b.q - a.q).map(({ tag }) => tag);
}

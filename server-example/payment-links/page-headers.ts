/**
 * The page's policy: its one script from this origin, styles only by hash (the page's own and
 * the element's shadow-root `<style>`s), images from here or embedded (the QR codes), requests
 * only back to this origin and to the backend its token names (the element's session and status:
 * the same origin unless the page was opened at another host than the public one), no frames, no
 * plugins, no `<base>`; forms post here only. Nothing inline runs: no 'unsafe-inline', no 'unsafe-hashes'.
 */
export function pageContentSecurityPolicy(styleHashes: readonly string[], backendOrigin?: string): string {
  const styles = [...new Set(styleHashes)];
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${styles.length ? styles.join(' ') : "'none'"}`,
    "img-src 'self' data:",
    `connect-src 'self'${backendOrigin ? ` ${backendOrigin}` : ''}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** What the page is made from, besides its link: a cache keeps one answer per combination, or (no-store) none. */
export const PAGE_VARY = 'Accept-Language, User-Agent, Sec-CH-UA-Mobile, Sec-CH-UA-Platform, Accept-Encoding';

/**
 * Every answer under /pay: the link is a capability, never sent on as a Referer nor indexed;
 * never framed (a payment page under someone else's UI), never sniffed as another type.
 */
export const LINK_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Robots-Tag': 'noindex, nofollow',
};

/**
 * A page: it holds a fresh token and changes with the checkout's status, so no cache keeps it.
 * The client hints ask a browser for what tells a phone (and which) on later loads.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  Vary: PAGE_VARY,
  'Accept-CH': 'Sec-CH-UA-Mobile, Sec-CH-UA-Platform',
  ...LINK_SECURITY_HEADERS,
};

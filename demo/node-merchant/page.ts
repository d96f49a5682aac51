import { createHash } from 'node:crypto';

/** The page's own style, allowed by its hash (no 'unsafe-inline'). */
const PAGE_CSS =
  'html{color-scheme:light dark}' +
  'body{margin:0;padding:16px;display:flex;flex-direction:column;align-items:center;font:16px/1.5 system-ui,sans-serif}' +
  'main{width:100%;max-width:480px}' +
  'momo-checkout{display:block}';

/** The CSP source allowing one `<style>` with exactly this text. */
const styleHash = (css: string): string => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

export interface Page {
  lang: string;
  title: string;
  /** Trusted markup: the rendered element, or text escaped with `escapeHtml`. */
  main: string;
  /** The one script, from this origin; none on a page with nothing to run. */
  scriptSrc?: string;
  /** The `<style>`s in `main` (`renderCheckout`'s `styleHashes`). */
  styleHashes?: readonly string[];
  /** Where the element reads the session and follows the status: the backend's origin. */
  connectOrigin?: string;
}

/** The HTML document, and the headers to serve it with. */
export function pageAnswer({ lang, title, main, scriptSrc, styleHashes = [], connectOrigin }: Page): { html: string; headers: Record<string, string> } {
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    ...(scriptSrc ? [`<script src="${escapeHtml(scriptSrc)}" defer></script>`] : []),
    '</head>',
    '<body>',
    `<main>${main}</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  const policy = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${[...new Set([styleHash(PAGE_CSS), ...styleHashes])].join(' ')}`,
    // The QR codes are inline SVG; a provider's QR image is a data: URI.
    "img-src 'self' data:",
    `connect-src 'self'${connectOrigin ? ` ${connectOrigin}` : ''}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    html,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': policy,
      // It holds a fresh checkout token and shows a status that changes: no cache keeps it.
      'Cache-Control': 'no-store',
      // The client hints tell a phone (and which) on later loads, better than the User-Agent does.
      'Accept-CH': 'Sec-CH-UA-Mobile, Sec-CH-UA-Platform',
      Vary: 'Accept-Language, User-Agent, Sec-CH-UA-Mobile, Sec-CH-UA-Platform',
      'Referrer-Policy': 'same-origin',
      'X-Content-Type-Options': 'nosniff',
    },
  };
}

import { createHash } from 'node:crypto';

/** Centres the element (or a notice) on a plain page, light or dark as the payer's system is. */
const PAGE_CSS =
  'html{color-scheme:light dark}' +
  'body{margin:0;min-height:100vh;box-sizing:border-box;padding:16px;display:flex;flex-direction:column;align-items:center;font:16px/1.5 system-ui,sans-serif;background:Canvas;color:CanvasText}' +
  'main{width:100%;max-width:480px}' +
  'momo-checkout{display:block}' +
  '.notice{margin:12px 0 0;max-width:480px;font-size:14px;opacity:.8}' +
  '.refusal{box-sizing:border-box;max-width:440px;margin:0 auto 12px;padding:12px 16px;border:2px solid #b91c1c;border-radius:8px;font-weight:600}';

/** The CSP source that allows one `<style>` with exactly this text. */
export const styleHash = (css: string): string => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

const PAGE_CSS_HASH = styleHash(PAGE_CSS);

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

export interface PageShell {
  /** A BCP 47 tag, as negotiated. */
  lang: string;
  dir: 'ltr' | 'rtl';
  title: string;
  /** Trusted markup: the rendered element, or a notice built with `escapeHtml`. */
  main: string;
  /** The one script, same-origin; none on a page that has nothing to run. */
  scriptSrc?: string;
  /** Shown without scripts, after the main content. */
  noscript?: string;
  /** Why the phone form posted without script sent nothing: above the element, announced. */
  refusal?: string;
}

export interface PageDocument {
  html: string;
  /** CSP sources for the page's own `<style>`. */
  styleHashes: string[];
}

/** A whole HTML document around the element: nothing inline runs, the one style is allowed by its hash. */
export function pageDocument({ lang, dir, title, main, scriptSrc, noscript, refusal }: PageShell): PageDocument {
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}" dir="${dir}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // A capability, not a page to list: kept out of search engines, and out of Referer headers.
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    ...(scriptSrc ? [`<script src="${escapeHtml(scriptSrc)}" defer></script>`] : []),
    '</head>',
    '<body>',
    `<main>${refusal ? `<p class="refusal" role="alert">${escapeHtml(refusal)}</p>` : ''}${main}</main>`,
    ...(noscript ? [`<noscript><p class="notice">${escapeHtml(noscript)}</p></noscript>`] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { html, styleHashes: [PAGE_CSS_HASH] };
}

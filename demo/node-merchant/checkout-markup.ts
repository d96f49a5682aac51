import type { CreatedCheckout } from './backend';
import type { CheckoutRenderer } from './package-assets';
import { escapeHtml } from './page';

export interface CheckoutMarkup {
  html: string;
  /** CSP sources of the `<style>`s in `html`. */
  styleHashes: string[];
  /** The language the element speaks: the page's `lang`. */
  lang: string;
  /** False: the element alone, to read its session in the browser. */
  rendered: boolean;
}

type RenderOptions = Parameters<CheckoutRenderer['renderCheckout']>[0];

export interface Payer {
  /** `deviceFromRequest(headers)`: the layout to render. */
  device: RenderOptions['device'];
  /** The language to speak; the checkout's, then English, for one the element does not speak. */
  locale: string | undefined;
}

/**
 * The element for a created checkout. With its session, rendered on this server for the payer's
 * device and language: the instructions are on the page before any script runs. Without one
 * (its instructions not ready yet), the element alone, which reads the session itself.
 */
export async function checkoutMarkup(renderer: CheckoutRenderer, checkout: CreatedCheckout, { device, locale }: Payer, log: (line: string) => void = console.warn): Promise<CheckoutMarkup> {
  if (checkout.session) {
    try {
      const session = checkout.session as RenderOptions['session'];
      const rendered = await renderer.renderCheckout({ token: checkout.token, session, device, ...(locale ? { locale } : {}) });
      // The element carries the locale it was rendered in (the first of `locale`, the checkout's, English it speaks).
      const lang = /^<momo-checkout\b[^>]*\slocale="([^"]+)"/.exec(rendered.html)?.[1] ?? 'en';
      return { html: rendered.html, styleHashes: rendered.styleHashes, lang, rendered: true };
    } catch (err) {
      // A session this version of the package can't render: the element still can, in the browser.
      log(`checkout ${checkout.id}: not rendered on the server (${(err as Error).message}); the element reads its session itself`);
    }
  }
  const localeAttribute = locale ? ` locale="${escapeHtml(locale)}"` : '';
  return { html: `<momo-checkout token="${escapeHtml(checkout.token)}"${localeAttribute}></momo-checkout>`, styleHashes: [], lang: locale ?? 'en', rendered: false };
}

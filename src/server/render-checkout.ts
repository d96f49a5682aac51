// The element first: it loads lit after its DOM stand-ins (@lit-labs/ssr loads lit too).
import { MomoCheckout } from '../index.js';
import { html, render } from '@lit-labs/ssr';
import { collectResultSync, type RenderResult } from '@lit-labs/ssr/lib/render-result.js';
import { nothing } from 'lit';
import type { Session } from '../../contract/index.js';
import { handedSession } from '../core/handed-session.js';
import { decodeToken } from '../core/token.js';
import { negotiateLocale, wireTranslationFor } from '../i18n/all.js';
import { CHECKOUT_DEVICES, checkoutDevice, type CheckoutDevice } from '../core/device.js';
import { shimRegistry, whileLent } from './dom-shim.js';
import { styleHashes } from './style-hashes.js';

export interface RenderCheckoutOptions {
  /** The checkout token, as the page would give the element. */
  token: string;
  /** The token's session (`session` in the backend's answer to `POST /v1/checkouts`): rendered as it is now. */
  session: Session;
  /** The layout to render (`deviceFromRequest`); the element keeps it once hydrated. Default `desktop`. */
  device?: CheckoutDevice;
  /** The payer's language, most wanted first in effect (e.g. from `Accept-Language`); else the token's, the session's, English. */
  locale?: string;
  /** As the element's `prefer` attribute: instruction kinds to show first. */
  prefer?: string;
  /** As the element's `pay-action` attribute: where a push method's phone form posts when script does not run. */
  payAction?: string;
}

export interface RenderedCheckout {
  /** `<momo-checkout …>` with its declarative shadow root (`<template shadowrootmode="open">`). */
  html: string;
  /** CSP sources (`'sha256-…'`) of every `<style>` in `html`, for the page's `style-src`. */
  styleHashes: string[];
}

/**
 * The registry Lit SSR finds elements in: lit's own on Node (its Node build sets a global one),
 * else the shim's, lent as the global only while a render runs.
 */
const registry: CustomElementRegistry = (globalThis as { customElements?: CustomElementRegistry }).customElements ?? shimRegistry;
// Defining finalizes the element's styles.
whileLent({ CSSStyleSheet: true }, () => registry.get('momo-checkout') ?? registry.define('momo-checkout', MomoCheckout));

/** Collects a render with `registry` as the global `customElements` meanwhile, if there is none. */
function collectWithRegistry(result: RenderResult): string {
  // Nothing the element renders is asynchronous: a synchronous collect keeps the lend to this one turn.
  return whileLent({ customElements: registry, CSSStyleSheet: true }, () => collectResultSync(result));
}

/**
 * Renders `<momo-checkout>` showing `session` as it is now, in a declarative shadow root: the
 * payer sees the checkout before any script runs, and the hydrating build
 * (`momo-checkout/hydrate`) takes it over without drawing it again. The element gets the device
 * and the locale rendered for as attributes, and the session with that locale's texts, so its first
 * render in the browser matches this one. Throws a `TypeError` when the options can't make a checkout.
 */
export async function renderCheckout(options: RenderCheckoutOptions): Promise<RenderedCheckout> {
  const { token, device = 'desktop', locale, prefer, payAction } = options ?? ({} as RenderCheckoutOptions);
  if (typeof token !== 'string' || token.trim() === '') throw new TypeError('renderCheckout: `token` must be the checkout token');
  const decoded = decodeToken(token.trim());
  if (!decoded.ok) throw new TypeError(`renderCheckout: \`token\` is not a checkout token: ${decoded.problem}`);
  const session = handedSession(options.session, decoded.claims.sub);
  if (!session) throw new TypeError(`renderCheckout: \`session\` must be the session of the token's checkout (${decoded.claims.sub})`);
  if (!checkoutDevice(device)) throw new TypeError(`renderCheckout: \`device\` must be one of ${CHECKOUT_DEVICES.join(', ')}`);
  if (locale !== undefined && typeof locale !== 'string') throw new TypeError('renderCheckout: `locale` must be a BCP 47 tag');
  if (prefer !== undefined && typeof prefer !== 'string') throw new TypeError('renderCheckout: `prefer` must be a string of instruction kinds');
  if (payAction !== undefined && typeof payAction !== 'string') throw new TypeError('renderCheckout: `payAction` must be a URL');

  const spoken = negotiateLocale([locale, decoded.claims.locale, session.locale]);
  const markup = collectWithRegistry(
    render(
      html`<momo-checkout token=${token} session=${JSON.stringify(withTexts(session, spoken))} device=${device} locale=${spoken} prefer=${prefer ?? nothing} pay-action=${payAction ?? nothing}></momo-checkout>`,
    ),
  );
  return { html: markup, styleHashes: await styleHashes(markup) };
}

/** The session carrying the texts of `locale` (the browser has English only built in), so the page hydrates in the language rendered. */
function withTexts(session: Session, locale: string): Session {
  const translation = wireTranslationFor(locale);
  return translation && session.translation?.$code !== translation.$code ? { ...session, translation } : session;
}

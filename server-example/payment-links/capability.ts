import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * A payment link is `<checkoutId>.<key>`, the key an HMAC-SHA256 of the checkout id under a key
 * derived from the token secret. Derived rather than stored: nothing to migrate on either store,
 * a forged link is refused before any database read, and the link lives exactly as long as the
 * checkout (and the secret): a pay-later invoice's link still opens days later. Ending a link
 * early is ending its checkout (cancel).
 */

/** Its own key: a link's MAC never doubles as anything the token secret signs elsewhere. */
const PURPOSE = 'momo-checkout payment link v1';

/** Checkout ids as the service makes them (`co_…`), with room for older forms; never a dot. */
const CHECKOUT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** 32 bytes, base64url without padding: 43 characters. */
const KEY = /^[A-Za-z0-9_-]{43}$/;

export interface PaymentLinks {
  /** The link's last path segment for a checkout: `<checkoutId>.<key>`. */
  linkFor(checkoutId: string): string;
  /** The checkout a link opens, or undefined for anything malformed or forged. */
  checkoutIdOf(link: string): string | undefined;
}

export function createPaymentLinks(tokenSecret: string): PaymentLinks {
  const linkKey = Buffer.from(hkdfSync('sha256', tokenSecret, '', PURPOSE, 32));
  const mac = (checkoutId: string) => createHmac('sha256', linkKey).update(checkoutId).digest();
  return {
    linkFor(checkoutId) {
      return `${checkoutId}.${mac(checkoutId).toString('base64url')}`;
    },
    checkoutIdOf(link) {
      const dot = link.lastIndexOf('.');
      const checkoutId = link.slice(0, dot);
      const key = link.slice(dot + 1);
      if (dot < 0 || !CHECKOUT_ID.test(checkoutId) || !KEY.test(key)) return undefined;
      // Compared as text, both 43 characters: decoding first would take the several spellings of the last character's spare bits.
      const given = Buffer.from(key, 'latin1');
      const expected = Buffer.from(mac(checkoutId).toString('base64url'), 'latin1');
      return timingSafeEqual(given, expected) ? checkoutId : undefined;
    },
  };
}

/** The link's absolute URL under `baseUrl` (the public base URL, a path prefix kept). */
export function paymentLinkUrl(baseUrl: string, link: string): string {
  return `${baseUrl.replace(/\/$/, '')}/pay/${link}`;
}

/** A path as logs may show it: a payment link's checkout id kept, its key (whatever follows the id) replaced. */
export function withoutLinkKey(path: string): string {
  return path.startsWith('/pay/') ? path.replace(/^(\/pay\/[^/.]*)\..*$/s, '$1.…') : path;
}

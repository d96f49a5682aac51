import { Hono, type Context } from 'hono';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import { isFinalStatus } from '../../contract';
import { checkoutDevice } from '../../src/core/device';
import { toSession } from '../checkouts/views';
import type { Clock } from '../lifecycle/clock';
import { checkoutCountry, checkoutPhoneRule } from '../phones/checkout-country';
import type { ProviderAdapter } from '../providers/types';
import type { CheckoutService } from '../checkouts/service';
import { bufferedBody } from '../http/body';
import { errorBody } from '../http/errors';
import type { Store } from '../store/types';
import type { CheckoutTokens } from '../token';
import type { PaymentLinks } from './capability';
import { compress, negotiateCoding } from './compression';
import { hydrateScript as builtHydrateScript, type HydrateScript } from './hydrate-script';
import { LINK_SECURITY_HEADERS, PAGE_HEADERS, pageContentSecurityPolicy } from './page-headers';
import { FORM_MAX_BYTES, payableAt, phoneFormPost } from './page-form';
import { escapeHtml, pageDocument, type PageDocument } from './page-html';
import { directionOf, pageLocale } from './page-locale';
import { refusalText } from './page-refusal';
import { pageTextsFor } from './page-texts';
import { pageToken } from './page-token';
import { loadRenderer, type CheckoutRenderer } from './renderer';

export interface PaymentLinkRoutesDeps {
  store: Store;
  clock: Clock;
  tokens: CheckoutTokens;
  providers: ReadonlyMap<string, ProviderAdapter>;
  links: PaymentLinks;
  merchantName: string;
  log: Logger;
  /** The issuer a page's token names instead of the configured one (the host it was opened at); as for a create. */
  issuerFor?: (c: Context) => string | undefined;
  /** The package's server-side renderer; `momo-checkout/server`, loaded on the first page, by default. */
  renderer?: () => Promise<CheckoutRenderer>;
  /** The hydration script from the package's build (dist/lib) by default. */
  script?: HydrateScript;
  /**
   * Sends a push method's request from the page's phone form when script does not run
   * (`POST /pay/{link}`). Without it the page offers no such form, and a POST is a 405.
   */
  service?: CheckoutService;
}

const READS = 'GET, HEAD';

/** A year: the path names the content's hash, so it never changes under a browser. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * `/pay/{checkoutId}.{key}`: the hosted payment page a merchant sends by SMS, WhatsApp or email,
 * and `/pay/assets/…`, the one script it loads. Registered for every method, so that any other
 * than GET and HEAD answers 405 rather than the API's 404.
 */
export function paymentLinkRoutes({
  store,
  clock,
  tokens,
  providers,
  links,
  merchantName,
  log,
  issuerFor = () => undefined,
  renderer = loadRenderer,
  script = builtHydrateScript(),
  service,
}: PaymentLinkRoutesDeps) {
  const app = new Hono();

  /** GET and HEAD only (Hono answers a HEAD with the GET's headers and no body); `allow` says what else the path takes. */
  const readsOnly = (c: Context, allow = READS) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? undefined : c.text('Method Not Allowed', 405, { Allow: allow, ...LINK_SECURITY_HEADERS }));
  const LINK_ALLOW = service ? `${READS}, POST` : READS;

  /** The page, compressed as the browser takes it, under its policy. */
  async function send(c: Context, status: 200 | 404 | 500 | 503, page: PageDocument, element?: { styleHashes: readonly string[]; backendOrigin: string }) {
    const coding = negotiateCoding(c.req.header('accept-encoding'));
    const raw = Buffer.from(page.html, 'utf8');
    const body = coding ? await compress(raw, coding, 'page') : raw;
    return c.body(new Uint8Array(body), status, {
      ...PAGE_HEADERS,
      'Content-Security-Policy': pageContentSecurityPolicy([...page.styleHashes, ...(element?.styleHashes ?? [])], element?.backendOrigin),
      'Content-Length': String(body.byteLength),
      ...(coding ? { 'Content-Encoding': coding } : {}),
    });
  }

  /** The same answer for a malformed link, a forged one and an unknown checkout: nothing says which. */
  function notFound(c: Context) {
    const { locale, translation } = pageLocale(undefined, c.req.header('accept-language'));
    const texts = pageTextsFor(locale);
    const main = `<h1>${escapeHtml(texts.notFoundTitle)}</h1><p>${escapeHtml(texts.notFoundBody)}</p>`;
    return send(c, 404, pageDocument({ lang: locale, dir: translation.$dir, title: texts.notFoundTitle, main }));
  }

  /** Our failure, said as little as a 404 says: nothing of what went wrong. */
  function unavailable(c: Context, status: 500 | 503, locale: string) {
    const texts = pageTextsFor(locale);
    const main = `<h1>${escapeHtml(texts.unavailableTitle)}</h1><p>${escapeHtml(texts.unavailableBody)}</p>`;
    return send(c, status, pageDocument({ lang: locale, dir: directionOf(locale), title: texts.unavailableTitle, main }));
  }

  app.all('/assets/:version/:name', async (c) => {
    const refused = readsOnly(c);
    if (refused) return refused;
    const coding = negotiateCoding(c.req.header('accept-encoding'));
    const file = await script.file(c.req.param('version'), c.req.param('name'), coding);
    if (!file) return c.text('Not Found', 404, { 'Cache-Control': 'no-store', ...LINK_SECURITY_HEADERS });
    return c.body(new Uint8Array(file.body), 200, {
      'Content-Type': file.type,
      'Cache-Control': IMMUTABLE,
      Vary: 'Accept-Encoding',
      'Content-Length': String(file.body.byteLength),
      ...(coding ? { 'Content-Encoding': coding } : {}),
      ...LINK_SECURITY_HEADERS,
    });
  });

  const payFromForm = service && phoneFormPost({ service, clock, providers, store, links, log, notFound });
  if (payFromForm) {
    const formError = (c: Context) => c.json(errorBody('PAYLOAD_TOO_LARGE', `The form is larger than ${FORM_MAX_BYTES} bytes.`), 413, { 'Cache-Control': 'no-store', ...LINK_SECURITY_HEADERS });
    const bounded = bufferedBody({ maxBytes: FORM_MAX_BYTES, log, onTooLarge: formError });
    app.use('/:link', (c, next) => (c.req.method === 'POST' ? bounded(c, next) : next()));
  }

  // The page and its form's post: no API route (every method, as `app.all`), the OpenAPI document leaves it out.
  app.all('/:link', async (c) => {
    if (payFromForm && c.req.method === 'POST') return payFromForm(c);
    const refused = readsOnly(c, LINK_ALLOW);
    if (refused) return refused;
    const checkoutId = links.checkoutIdOf(c.req.param('link'));
    const checkout = checkoutId ? await store.getCheckout(checkoutId) : undefined;
    if (!checkout) return notFound(c);

    const { locale, translation } = pageLocale(checkout.locale, c.req.header('accept-language'));
    let rendering: CheckoutRenderer;
    try {
      rendering = await renderer();
    } catch (err) {
      // The package is not built (`vite build`): the one thing this page cannot do without.
      log.error({ err: (err as Error).message, checkoutId }, 'payment page: the server-side renderer (momo-checkout/server) could not be loaded');
      return unavailable(c, 503, locale);
    }
    // renderCheckout hands the element the texts of `locale` with it.
    const session = toSession(checkout, merchantName, checkoutCountry(providers, checkout));
    const token = await pageToken(tokens, checkout, clock.now(), issuerFor(c));
    // The phone form posts back here where script does not run, while there is something to pay.
    const payAction = service && payableAt(checkout, clock.now()) && checkoutPhoneRule(providers, checkout) ? c.req.path : undefined;
    let rendered: Awaited<ReturnType<CheckoutRenderer['renderCheckout']>>;
    try {
      // `?device=phone|ios|desktop` previews the page as that device shows it (a merchant on a desktop); anything else is no preview.
      const device = checkoutDevice(c.req.query('device')) ?? rendering.deviceFromRequest(c.req.raw.headers);
      rendered = await rendering.renderCheckout({ token, session, device, locale, ...(payAction ? { payAction } : {}) });
    } catch (err) {
      // Logged here, by checkout: the app's error handler would log the path, and with it the link's key.
      log.error({ err, checkoutId }, 'payment page: rendering failed');
      return unavailable(c, 500, locale);
    }
    const scriptSrc = await script.path();
    // Only over the form it is about: a checkout paid or ended since shows its panel alone.
    const refusal = payAction ? refusalText(c.req.query('refused'), session, translation) : undefined;
    if (!scriptSrc) log.warn('payment page: dist/lib has no hydration script; the page is served without live status');
    const page = pageDocument({
      lang: locale,
      dir: translation.$dir,
      title: translation.checkoutLabel(merchantName),
      main: rendered.html,
      ...(scriptSrc ? { scriptSrc } : {}),
      ...(refusal ? { refusal } : {}),
      // Only while there is something to follow: a final checkout's panel says all there is.
      ...(isFinalStatus(checkout.status) ? {} : { noscript: pageTextsFor(locale).needsScript }),
    });
    return send(c, 200, page, { styleHashes: rendered.styleHashes, backendOrigin: new URL(decodeJwt(token).iss!).origin });
  });

  // A link cut or run together with other text (`/pay/`, `/pay/…/more`): the same page as a wrong one.
  app.all('*', (c) => readsOnly(c) ?? notFound(c));

  return app;
}

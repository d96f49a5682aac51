/**
 * The merchant's own Node server of demo/node-merchant over real HTTP: it creates checkouts on a
 * real backend (with its MTN sandbox), renders the element with the built package
 * (`momo-checkout/server`, `vite build` first) and serves the page under a strict policy, and
 * the hydrating script beside it.
 */
import assert from 'node:assert/strict';
import { cspDirectives as directives, cspHash as sha256 } from './csp';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { fr } from '../../src/i18n/fr';
import { checkoutMarkup } from '../../demo/node-merchant/checkout-markup';
import { MerchantConfigError } from '../../demo/node-merchant/config';
import { loadPackageAssets } from '../../demo/node-merchant/package-assets';
import { HYDRATE_SCRIPT_PATH, startMerchantServer, type MerchantServer } from '../../demo/node-merchant/server';
import { MERCHANT_KEY, startTestServer, type TestServer } from './helpers';

const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** The token the page hands the element, and the backend it names. */
const tokenOf = (html: string) => /<momo-checkout\b[^>]*\stoken="([^"]+)"/.exec(html)![1]!;
const issuerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).iss as string;

describe('a merchant server rendering the checkout on its page (demo/node-merchant)', () => {
  let backend: TestServer;
  let merchant: MerchantServer;
  const logged: string[] = [];
  const page = (path: string, headers: Record<string, string> = {}) => fetch(`${merchant.url}${path}`, { headers, redirect: 'manual' });

  before(async () => {
    backend = await startTestServer({}, {}, {}, { reconcile: false });
    merchant = await startMerchantServer({ port: 0, backendUrl: `http://127.0.0.1:${backend.config.port}`, apiKey: MERCHANT_KEY, log: (line) => logged.push(line) });
  });
  after(async () => {
    await merchant?.close();
    await backend?.close();
  });

  test('on Android: the rendered checkout with the amount and a tap-to-dial link, under a policy without unsafe-inline', async () => {
    const answer = await page('/orders/ORD-1001/pay', { 'User-Agent': ANDROID, 'Accept-Language': 'en-UG,en;q=0.9' });
    const html = await answer.text();
    assert.equal(answer.status, 200, html);
    assert.equal(answer.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.match(html, /<momo-checkout\b[^>]*><template shadowroot="open" shadowrootmode="open">/);
    assert.match(html, /150,000/, 'the amount');
    assert.match(html, /href="tel:\*165\*3\*[^"]*%23"/, 'a tel: link on a phone');
    assert.match(html, /device="phone"/);
    assert.match(html, /<script src="\/momo-checkout\.hydrate\.iife\.js" defer><\/script>/);

    const csp = answer.headers.get('content-security-policy')!;
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-hashes|unsafe-eval/);
    const policy = directives(csp);
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.deepEqual(policy.get('script-src'), ["'self'"]);
    const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((match) => match[1]!);
    assert.ok(styles.length >= 2, "the page's style and the element's");
    for (const style of styles) assert.ok(policy.get('style-src')!.includes(sha256(style)), `style-src allows <style>${style.slice(0, 60)}…`);
    // The element reads the session and follows the status at the backend its token names.
    assert.deepEqual(policy.get('connect-src'), ["'self'", new URL(issuerOf(tokenOf(html))).origin]);
    assert.doesNotMatch(html, /\sstyle="|\son[a-z]+="/, 'no style attribute, no inline handler');
    assert.ok(!html.includes(MERCHANT_KEY), 'the API key stays on the server');
    const id = JSON.parse(Buffer.from(tokenOf(html).split('.')[1]!, 'base64url').toString()).sub as string;
    assert.ok(logged.includes(`order ORD-1001: checkout ${id}, rendered on the server`), logged.join('\n'));
  });

  test('on a desktop: the QR code as an <svg>, no tel: link', async () => {
    const html = await (await page('/orders/ORD-1001/pay', { 'User-Agent': DESKTOP })).text();
    assert.match(html, /device="desktop"/);
    assert.match(html, /<figure part="qr"[^>]*>\s*(<!--[^>]*-->)*<svg[^>]*role="img"/);
    assert.doesNotMatch(html, /href="tel:/);
  });

  test("speaks the payer's language, unless the merchant gave the checkout one", async () => {
    const french = await (await page('/orders/ORD-1001/pay', { 'User-Agent': DESKTOP, 'Accept-Language': 'fr-CI,fr;q=0.9,en;q=0.5' })).text();
    assert.match(french, /<html lang="fr-CI">/);
    assert.ok(french.includes(fr.status.pending), 'French texts');
    // ORD-1002 is created with locale fr: an English browser still gets French.
    const ordered = await (await page('/orders/ORD-1002/pay', { 'User-Agent': DESKTOP, 'Accept-Language': 'en' })).text();
    assert.match(ordered, /<html lang="fr">/);
    assert.ok(ordered.includes(fr.status.pending));
  });

  test('serves the hydrating script from the package, revalidated by its hash', async () => {
    const answer = await page(HYDRATE_SCRIPT_PATH);
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const built = await readFile(new URL('../../dist/lib/momo-checkout.hydrate.iife.js', import.meta.url));
    assert.ok(Buffer.from(await answer.arrayBuffer()).equals(built), 'the built momo-checkout/hydrate');
    const again = await page(HYDRATE_SCRIPT_PATH, { 'If-None-Match': answer.headers.get('etag')! });
    assert.equal(again.status, 304);
  });

  test('/ opens the sample order; an unknown order or path is 404; a POST is 405', async () => {
    const home = await page('/');
    assert.equal(home.status, 303);
    assert.equal(home.headers.get('location'), '/orders/ORD-1001/pay');
    assert.equal((await page('/orders/ORD-9999/pay')).status, 404);
    assert.equal((await page('/orders/../pay')).status, 404);
    const post = await fetch(`${merchant.url}/orders/ORD-1001/pay`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET');
  });

  test('a backend that refuses the key: a 502 page, and nothing of the key in it', async () => {
    const lines: string[] = [];
    const wrongKey = await startMerchantServer({ port: 0, backendUrl: `http://127.0.0.1:${backend.config.port}`, apiKey: 'sk_wrong_key', log: (line) => lines.push(line) });
    try {
      const answer = await fetch(`${wrongKey.url}/orders/ORD-1001/pay`);
      const html = await answer.text();
      assert.equal(answer.status, 502);
      assert.match(html, /Payment unavailable/);
      assert.ok(!html.includes('sk_wrong_key'));
      assert.ok(answer.headers.get('content-security-policy'));
      assert.deepEqual(lines, ['order ORD-1001: the backend did not create a checkout: 401 API_KEY_INVALID: The merchant API key is not valid.'], 'what to fix, without the key');
    } finally {
      await wrongKey.close();
    }
  });

  test('an answer without a session (instructions not ready): the element alone, which reads it from the backend', async () => {
    const created = (await (await backend.merchant('/v1/checkouts', { body: invoiceLike(), idempotencyKey: crypto.randomUUID() })).json()) as { id: string; token: string };
    const { renderer } = await loadPackageAssets();
    const markup = await checkoutMarkup(renderer, { id: created.id, token: created.token }, { device: 'phone', locale: 'fr' }, assert.fail);
    assert.equal(markup.html, `<momo-checkout token="${created.token}" locale="fr"></momo-checkout>`);
    assert.deepEqual(markup.styleHashes, []);
    assert.equal(markup.lang, 'fr');
    assert.equal(markup.rendered, false);
  });
});

describe('merchant server settings', () => {
  test('a missing backend URL or key stops it at start, naming each variable', async () => {
    await assert.rejects(startMerchantServer({ port: 0, backendUrl: 'localhost:8080', apiKey: ' ' }), (err: unknown) => {
      assert.ok(err instanceof MerchantConfigError);
      assert.match(err.message, /MOMO_BACKEND_URL must be the backend's http\(s\) base URL/);
      assert.match(err.message, /MOMO_API_KEY must be/);
      return true;
    });
  });
});

const invoiceLike = () => ({ provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: `NM-${Date.now().toString(36)}` });

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as ServerModule from '../../src/server.js';
import { fr } from '../../src/i18n/fr.js';
import { en } from '../../src/i18n/en.js';
import { ssrSession, ssrToken } from '../ssr/checkout-fixture.js';

/**
 * `momo-checkout/server` as published: the built dist/lib/server.js (run `vite build` first; the
 * test suite runs after it), loaded here as a Node server loads it.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const serverUrl = pathToFileURL(`${root}dist/lib/server.js`).href;
const { renderCheckout, deviceFromRequest } = (await import(serverUrl)) as typeof ServerModule;

const NOW = Date.parse('2026-12-07T10:00:00Z');
const token = ssrToken('https://pay.example');

const rendered = (options: Partial<Parameters<typeof renderCheckout>[0]> = {}) => renderCheckout({ token, session: ssrSession(NOW), ...options });

/** Every start tag's name and attribute names (their values are escaped: none holds a `"` or a `>`). */
const startTags = (html: string): { tag: string; attributes: string[] }[] =>
  [...html.replace(/<style>[\s\S]*?<\/style>/g, '').matchAll(/<([a-z][\w-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>/gi)].map(([, tag, attributes]) => ({
    tag: tag!,
    attributes: [...attributes!.matchAll(/\s+([^\s=>/]+)(?:="[^"]*")?/g)].map(([, name]) => name!.toLowerCase()),
  }));

/** The rendered text with tags and Lit's markers gone, white space as one space (Intl's no-break spaces too). */
const textOf = (html: string): string =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&middot;/g, '·')
    .replace(/\s+/g, ' ');

describe('renderCheckout (momo-checkout/server)', () => {
  it('renders the element with its declarative shadow root and the ready checkout in it', async () => {
    const { html } = await rendered();
    assert.match(html, /^<momo-checkout [^>]*><template shadowroot="open" shadowrootmode="open">/);
    assert.ok(html.endsWith('</template></momo-checkout>'));
    const text = textOf(html);
    assert.match(text, /Kampala Parents School/);
    assert.match(text, /UGX 150,000/);
    assert.match(text, /INV-2026-0042/);
    assert.match(text, new RegExp(en.status.pending));
    assert.doesNotMatch(text, new RegExp(en.loading), 'no loading state: the session is shown at once');
  });

  it('shows the time left to pay, as the browser will in its first render (hydration matches it)', async () => {
    const now = Date.now(); // the element reads the system clock
    const { html } = await renderCheckout({ token, session: ssrSession(now), device: 'phone' });
    assert.match(textOf(html), /Expires in 1[45]:\d\d/);
    assert.match(html, /<p part="countdown"/);
  });

  it('hands the element what it rendered for: token, session, device, locale', async () => {
    const { html } = await rendered({ device: 'ios', locale: 'fr-CI', prefer: 'ussd' });
    const host = /^<momo-checkout ([^>]*)>/.exec(html)![1]!;
    assert.match(host, new RegExp(`token="${token.replace(/\./g, '\\.')}"`));
    assert.match(host, /device="ios"/);
    assert.match(host, /locale="fr-CI"/);
    assert.match(host, /prefer="ussd"/);
    const session = JSON.parse(
      /session="([^"]*)"/
        .exec(host)![1]!
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'"),
    );
    assert.equal(session.id, 'chk_ssr');
    assert.equal(session.translation.$code, 'fr', 'the browser gets the texts it is to hydrate in');
  });

  it('offers a tap-to-dial tel: link on phones, and none on iOS, whose dialer refuses * and #', async () => {
    const phone = (await rendered({ device: 'phone' })).html;
    assert.match(phone, /<a part="dial-button"[^>]* href="tel:\*165\*3\*58213907\*1%23"/);
    const ios = (await rendered({ device: 'ios' })).html;
    assert.doesNotMatch(ios, /href="tel:/);
    assert.match(ios, /part="ussd-code"/);
  });

  it('draws the QR code as an <svg> on desktops, first', async () => {
    const { html } = await rendered({ device: 'desktop' });
    assert.match(html, /<figure part="qr"[^>]*>\s*(<!--[^>]*-->)*<svg[^>]*role="img"/);
    assert.match(html, /<path fill="#000" d="M0 0h7v1h-7z/);
    assert.ok(html.indexOf('part="qr"') < html.indexOf('part="ussd"'), 'the QR code comes before the USSD code on a desktop');
    assert.doesNotMatch(html, /part="qr-other-phone"/);
  });

  it('renders the bank slip and the phone form', async () => {
    const { html } = await rendered();
    assert.match(html, /<section part="bank-reference"/);
    assert.match(textOf(html), /987 654 321/);
    assert.match(html, /<form part="push"[^>]*>/);
    assert.match(html, /<input\s+part="phone-input"/);
  });

  it("speaks the locale's language: French for fr", async () => {
    const text = textOf((await rendered({ locale: 'fr' })).html);
    assert.match(text, new RegExp(fr.status.pending));
    assert.match(text, new RegExp(fr.ussd.title));
    assert.doesNotMatch(text, new RegExp(en.status.pending));
  });

  it('escapes what the provider and the merchant wrote: no <script> or <style> of theirs', async () => {
    const session = ssrSession(NOW, {
      merchant: '<script>alert(1)</script>',
      description: '<style>body{display:none}</style>',
      reference: '" onmouseover="alert(1)',
    });
    const { html, styleHashes } = await renderCheckout({ token, session, device: 'desktop' });
    assert.ok(!/<script/i.test(html), 'no <script> tag');
    assert.equal(html.match(/<style/g)!.length, 1, 'the element’s own <style> only');
    assert.equal(styleHashes.length, 1);
    assert.ok(html.includes('<p part="merchant" class="'), 'the merchant is shown');
    assert.match(textOf(html), /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(textOf(html), /&lt;style&gt;body\{display:none\}&lt;\/style&gt;/);
    assert.ok(
      startTags(html).every(({ attributes }) => !attributes.includes('onmouseover')),
      'no attribute made of the reference',
    );
  });

  it('needs neither unsafe-inline nor unsafe-hashes under a strict CSP: no style attribute, no inline handler', async () => {
    for (const device of ['phone', 'ios', 'desktop'] as const) {
      const { html } = await rendered({ device });
      const tags = startTags(html);
      assert.ok(tags.length > 50, `${device}: ${tags.length} tags`);
      for (const { tag, attributes } of tags) {
        assert.ok(!attributes.includes('style'), `${device}: <${tag} style=…>`);
        assert.deepEqual(
          attributes.filter((name) => name.startsWith('on')),
          [],
          `${device}: an inline handler on <${tag}>`,
        );
      }
      assert.ok(!/href="javascript:/i.test(html), `${device}: a javascript: link`);
    }
  });

  it("gives the CSP hash of each <style> exactly as emitted, and the element's view styles are in it", async () => {
    const { html, styleHashes } = await rendered();
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(([, text]) => text!);
    assert.ok(styles.length > 0);
    assert.deepEqual(styleHashes, [...new Set(styles.map((text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`))]);
    // The views' classes (the QR code's, the phone form's) are styled by the emitted <style>.
    for (const part of ['qr', 'push']) {
      const className = new RegExp(`part="${part}" class="([^" ]+)`).exec(html)![1]!;
      assert.ok(styles.join('').includes(`.${className}`), `the styles of ${part} (.${className})`);
    }
  });

  it('hides what needs script when there is none: copy and print buttons, the phone form', async () => {
    const { html } = await rendered();
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!.replace(/\s+/g, '');
    const start = css.indexOf('@media(scripting:none){');
    assert.ok(start >= 0, 'a (scripting: none) rule');
    const noScript = css.slice(start, css.indexOf('}}', start) + 2);
    for (const part of ['copy-button', 'print-button', 'retry-button', 'push']) assert.match(noScript, new RegExp(`\\[part~=${part}\\]`), part);
    assert.match(noScript, /display:none/);
  });

  it('refuses options that make no checkout, saying which', async () => {
    await assert.rejects(renderCheckout({ token: '', session: ssrSession(NOW) }), { name: 'TypeError', message: /token/ });
    await assert.rejects(renderCheckout({ token: 'not-a-jws', session: ssrSession(NOW) }), { name: 'TypeError', message: /not a checkout token/ });
    await assert.rejects(renderCheckout({ token, session: ssrSession(NOW, { id: 'chk_other' }) }), { name: 'TypeError', message: /chk_ssr/ });
    await assert.rejects(renderCheckout({ token, session: { id: 'chk_ssr' } as never }), { name: 'TypeError', message: /session/ });
    await assert.rejects(renderCheckout({ token, session: ssrSession(NOW), device: 'tablet' as never }), { name: 'TypeError', message: /device/ });
  });

  it('works in a plain Node with nothing else loaded, and leaves no DOM global behind', () => {
    const script = `
      const { renderCheckout } = await import(${JSON.stringify(serverUrl)});
      const token = ${JSON.stringify(token)};
      const session = ${JSON.stringify(ssrSession(NOW))};
      const { html } = await renderCheckout({ token, session, device: 'phone' });
      const dom = { HTMLElement: typeof HTMLElement, document: typeof document, window: typeof window, CSSStyleSheet: typeof CSSStyleSheet };
      process.stdout.write(JSON.stringify({ shadowRoot: html.includes('<template shadowrootmode="open">') || html.includes('shadowrootmode="open"'), merchant: html.includes('Kampala Parents School'), dom }));
    `;
    const { status, stdout, stderr } = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    assert.equal(stderr, '');
    assert.equal(status, 0);
    assert.deepEqual(JSON.parse(stdout), {
      shadowRoot: true,
      merchant: true,
      dom: { HTMLElement: 'undefined', document: 'undefined', window: 'undefined', CSSStyleSheet: 'undefined' },
    });
  });
});

describe('deviceFromRequest', () => {
  const headers = (values: Record<string, string>) => new Headers(values);
  const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
  const ANDROID = 'Mozilla/5.0 (Linux; Android 14; SM-A146B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
  const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

  it('reads the client hints when the browser sends them', () => {
    assert.equal(deviceFromRequest(headers({ 'sec-ch-ua-mobile': '?1', 'sec-ch-ua-platform': '"Android"', 'user-agent': DESKTOP })), 'phone');
    assert.equal(deviceFromRequest(headers({ 'sec-ch-ua-mobile': '?1', 'sec-ch-ua-platform': '"iOS"' })), 'ios');
    assert.equal(deviceFromRequest(headers({ 'sec-ch-ua-mobile': '?0', 'sec-ch-ua-platform': '"Windows"', 'user-agent': ANDROID })), 'desktop');
  });

  it('reads the User-Agent otherwise', () => {
    assert.equal(deviceFromRequest(headers({ 'user-agent': IPHONE })), 'ios');
    assert.equal(deviceFromRequest(headers({ 'user-agent': ANDROID })), 'phone');
    assert.equal(deviceFromRequest(headers({ 'user-agent': 'Opera/9.80 (J2ME/MIDP; Opera Mini/4.2) Mobile' })), 'phone');
    assert.equal(deviceFromRequest(headers({ 'user-agent': DESKTOP })), 'desktop');
    assert.equal(deviceFromRequest(headers({})), 'desktop');
  });

  it('takes any headers object with get(), even one answering undefined', () => {
    assert.equal(deviceFromRequest({ get: (name) => (name === 'user-agent' ? IPHONE : undefined) }), 'ios');
  });
});

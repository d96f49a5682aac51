/**
 * Hosted payment pages over real HTTP: the link a create answers, the page it opens (the element
 * rendered on the server by the built package, `vite build` first), its policy, its caching and
 * compression, the final panels, the language and the device it is rendered for. The backend's
 * clock is driven (expiry), its reconciler run a pass at a time.
 */
import assert from 'node:assert/strict';
import { cspDirectives as directives, cspHash as sha256 } from './csp';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Session } from '../../contract';
import { en } from '../../src/i18n/en';
import { fr } from '../../src/i18n/fr';
import { createLogger } from '../../server-example/logger';
import { createPaymentLinks } from '../../server-example/payment-links/capability';
import { paymentLinkRoutes } from '../../server-example/payment-links/routes';
import { createCheckoutTokens } from '../../server-example/token';
import { invoiceBody, openTestStore, readStatusEvents, startTestServer, type TestServer } from './helpers';
import { manualClock } from './clock';
import { logLines } from './log-lines';

const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** As sent, still compressed. */
  bytes: Buffer;
  /** Decoded by its Content-Encoding. */
  text: string;
}

/** One request with node:http, which (unlike fetch) neither asks for nor undoes a compression by itself. */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const coding = res.headers['content-encoding'];
        const decoded = coding === 'br' ? brotliDecompressSync(bytes) : coding === 'gzip' ? gunzipSync(bytes) : bytes;
        resolve({ status: res.statusCode!, headers: res.headers, bytes, text: decoded.toString('utf8') });
      });
      res.on('error', reject);
    });
    sent.on('error', reject);
    sent.end();
  });
}

interface Created {
  id: string;
  token: string;
  url: string;
  expiresAt: string;
  session?: Session;
}

/** Every `<style>`'s hash is a style-src source; every `<script>` loads a file; no inline style attribute, no inline handler. */
function assertRunsUnderItsPolicy(page: RawAnswer) {
  const csp = page.headers['content-security-policy'] as string;
  assert.ok(csp, 'a Content-Security-Policy header');
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-hashes|unsafe-eval/);
  const policy = directives(csp);
  assert.deepEqual(policy.get('default-src'), ["'none'"]);
  assert.deepEqual(policy.get('script-src'), ["'self'"]);
  assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
  assert.deepEqual(policy.get('base-uri'), ["'none'"]);
  const styles = [...page.text.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((match) => match[1]!);
  assert.ok(styles.length >= 1, 'the page has its styles');
  for (const style of styles) assert.ok(policy.get('style-src')!.includes(sha256(style)), `style-src allows <style>${style.slice(0, 60)}…`);
  const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1, 'the hydration script');
  for (const [, attributes, body] of scripts) {
    assert.match(attributes!, /\bsrc="\/pay\/assets\/[^"]+"/);
    assert.equal(body, '', 'no inline script');
  }
  assert.doesNotMatch(page.text, /\sstyle="/, 'no style attribute (it would need unsafe-inline)');
  assert.doesNotMatch(page.text, /\son[a-z]+="/, 'no inline event handler');
}

describe('payment links', () => {
  const clock = manualClock();
  const logs = logLines();
  let server: TestServer;
  const base = () => `http://127.0.0.1:${server.config.port}`;

  before(async () => {
    server = await startTestServer({}, {}, {}, { clock, reconcile: false, logDestination: logs.destination });
  });
  after(() => server.close());

  async function create(overrides: Record<string, unknown> = {}, idempotencyKey: string = crypto.randomUUID()): Promise<Created> {
    const response = await server.merchant('/v1/checkouts', { body: invoiceBody(overrides), idempotencyKey });
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as Created;
  }

  test('a create answers the link, on the host the token names, and the session for the element; a replay with its key answers the same', async () => {
    const key = crypto.randomUUID();
    const body = invoiceBody();
    const first = (await (await server.merchant('/v1/checkouts', { body, idempotencyKey: key })).json()) as Created;
    const issuer = JSON.parse(Buffer.from(first.token.split('.')[1]!, 'base64url').toString()).iss as string;
    assert.match(first.url, new RegExp(`^${issuer.replace(/[.]/g, '\\.')}/pay/${first.id}\\.[A-Za-z0-9_-]{43}$`));
    assert.equal(first.session?.id, first.id);
    assert.equal(first.session?.amount, '150000');
    assert.ok(first.session!.instructions.length >= 1);
    const session = (await (await server.element('/v1/session', first.token)).json()) as Session;
    assert.deepEqual(first.session, session, 'the same object GET /v1/session answers');
    const replay = await server.merchant('/v1/checkouts', { body, idempotencyKey: key });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    const replayed = (await replay.json()) as Created;
    assert.equal(replayed.url, first.url);
    assert.deepEqual(replayed.session, first.session);
  });

  test('the link opens an HTML page with the amount, under a strict policy', async () => {
    const { url } = await create({ amount: '150000' });
    const page = await raw(url, { 'User-Agent': ANDROID });
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(page.text, /^<!doctype html>/);
    assert.match(page.text, /<html lang="en" dir="ltr">/);
    assert.match(page.text, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(page.text, /<title>Pay [^<]+<\/title>/);
    assert.match(page.text, /<momo-checkout\b/);
    assert.match(page.text, /150[,.\s\u00a0\u202f]?000/, 'the amount');
    assert.match(page.text, /<noscript>[\s\S]*JavaScript[\s\S]*<\/noscript>/);
    assertRunsUnderItsPolicy(page);
    // Back to this origin only, which is the one its token names.
    assert.deepEqual(directives(page.headers['content-security-policy'] as string).get('connect-src'), ["'self'", new URL(url).origin]);
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
  });

  test('each page mints a fresh token for its checkout, valid for the element until the checkout expires', async () => {
    const { id, url, expiresAt } = await create();
    clock.advance(1_000); // a new `iat`: a token of its own
    const token = /\btoken="([^"]+)"/.exec((await raw(url)).text)?.[1];
    assert.ok(token, 'the element carries a token');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; exp: number };
    assert.equal(claims.sub, id);
    assert.equal(claims.exp, Math.floor(Date.parse(expiresAt) / 1_000));
    assert.equal((await server.element('/v1/session/status', token)).status, 200);
  });

  test('a malformed, tampered or unknown link is a 404 page that says nothing of why', async () => {
    const { id, url } = await create();
    const key = url.slice(url.lastIndexOf('.') + 1);
    const flipped = `${key.slice(0, 10)}${key[10] === 'A' ? 'B' : 'A'}${key.slice(11)}`;
    // The last character's two spare bits: another spelling of the same 32 bytes is still not the link.
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = `${key.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(key.at(-1)!) ^ 1]}`;
    assert.deepEqual(Buffer.from(twin, 'base64url'), Buffer.from(key, 'base64url'));
    const links = [
      `${id}.${flipped}`,
      `${id}.${twin}`,
      `${id}.${key.slice(0, -1)}`,
      `${id}`,
      `co_${'0'.repeat(32)}.${key}`,
      '%00.%00',
      `${id}.${key}.${key}`,
      'x'.repeat(300),
      '',
      `${id}.${key}/more`,
    ];
    const bodies = new Set<string>();
    for (const link of links) {
      const page = await raw(`${base()}/pay/${link}`);
      assert.equal(page.status, 404, link);
      assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.doesNotMatch(page.text, new RegExp(id), 'names no checkout');
      bodies.add(page.text);
    }
    assert.equal(bodies.size, 1, 'the same page whatever was wrong');
  });

  test('a cancelled checkout shows its cancelled panel, and its page mints no token that could pay', async () => {
    const { id, url } = await create();
    assert.equal((await server.merchant(`/v1/checkouts/${id}/cancel`, { method: 'POST' })).status, 200);
    const page = await raw(url);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(en.final.cancelled.title), 'the cancelled panel');
    assert.doesNotMatch(page.text, /<noscript>/, 'nothing left to follow');
    const token = /\btoken="([^"]+)"/.exec(page.text)![1]!;
    const sent = await fetch(`${base()}/v1/session/pay`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: '256772123456' }),
    });
    assert.equal(sent.status, 401);
    assert.equal(((await sent.json()) as { error: { code: string } }).error.code, 'TOKEN_EXPIRED');
  });

  test('an expired checkout shows its expired panel', async () => {
    const { url, expiresAt } = await create({ expiresInSeconds: 120 });
    clock.set(Date.parse(expiresAt) + 1_000);
    await server.reconciler.runOnce();
    const page = await raw(url);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(en.final.expired.title), 'the expired panel');
    clock.set(Date.now());
  });

  test('a paid checkout shows its paid panel', async () => {
    const { id, token, url } = await create();
    // Paid once the sandbox's callback lands: the status stream says when.
    const settled = readStatusEvents(server, token, (update) => update.status !== 'pending');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    assert.equal((await settled).at(-1)?.status, 'paid');
    const page = await raw(url);
    assert.ok(page.text.includes(en.final.paid.title), 'the paid panel');
    assert.doesNotMatch(page.text, /<noscript>/);
  });

  test("the page speaks the payer's language, and the checkout's when the merchant gave one", async () => {
    const { url } = await create();
    const french = await raw(url, { 'Accept-Language': 'de;q=1, fr-CI;q=0.8, en;q=0.5' });
    assert.match(french.text, /<html lang="fr-CI" dir="ltr">/);
    assert.ok(french.text.includes(`<title>${fr.checkoutLabel(server.config.merchantName)}</title>`));
    assert.ok(french.text.includes(fr.howToPay), 'the element in French');
    assert.ok(french.text.includes('JavaScript'));
    const portuguese = await raw((await create({ locale: 'pt-AO' })).url, { 'Accept-Language': 'fr' });
    assert.match(portuguese.text, /<html lang="pt-AO" dir="ltr">/);
  });

  test('an Android phone gets tap-to-dial, an iPhone (whose dialer ignores * and #) none', async () => {
    const { url } = await create();
    assert.match((await raw(url, { 'User-Agent': ANDROID })).text, /href="tel:/);
    assert.doesNotMatch((await raw(url, { 'User-Agent': IPHONE })).text, /href="tel:/);
  });

  test('?device= previews the page as that device shows it; another value leaves it to the request', async () => {
    const { url } = await create();
    const preview = new URL(url);
    preview.searchParams.set('device', 'phone');
    assert.match((await raw(preview.href, { 'User-Agent': IPHONE })).text, /href="tel:/);
    preview.searchParams.set('device', 'ios');
    assert.doesNotMatch((await raw(preview.href, { 'User-Agent': ANDROID })).text, /href="tel:/);
    preview.searchParams.set('device', '<script>');
    assert.match((await raw(preview.href, { 'User-Agent': ANDROID })).text, /href="tel:/);
  });

  test('no cache keeps the page; it varies with what it is made from, and is compressed as the browser takes it', async () => {
    const { url } = await create();
    const plain = await raw(url);
    assert.equal(plain.headers['cache-control'], 'no-store');
    const vary = String(plain.headers.vary).split(/,\s*/);
    for (const header of ['Accept-Language', 'User-Agent', 'Sec-CH-UA-Mobile', 'Sec-CH-UA-Platform', 'Accept-Encoding']) assert.ok(vary.includes(header), `Vary: ${header}`);
    assert.equal(plain.headers['accept-ch'], 'Sec-CH-UA-Mobile, Sec-CH-UA-Platform');
    assert.equal(plain.headers['content-encoding'], undefined);
    const brotli = await raw(url, { 'Accept-Encoding': 'gzip, br' });
    assert.equal(brotli.headers['content-encoding'], 'br');
    assert.ok(brotli.bytes.length < plain.bytes.length / 2);
    assert.match(brotli.text, /^<!doctype html>/);
    const gzip = await raw(url, { 'Accept-Encoding': 'gzip, br;q=0' });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.match(gzip.text, /<momo-checkout\b/);
    assert.equal(Number(gzip.headers['content-length']), gzip.bytes.length);
  });

  test('the hydration script is served compressed under its content hash, kept for a year', async () => {
    const { url } = await create();
    const src = /<script src="([^"]+)" defer><\/script>/.exec((await raw(url)).text)?.[1];
    assert.ok(src, 'the page loads it');
    assert.match(src, /^\/pay\/assets\/[A-Za-z0-9_-]{16}\/momo-checkout\.hydrate\.iife\.js$/);
    const script = await raw(`${base()}${src}`, { 'Accept-Encoding': 'br' });
    assert.equal(script.status, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(script.headers['content-encoding'], 'br');
    assert.ok(script.text.length > 1_000);
    const version = src.split('/')[3]!;
    assert.equal((await raw(`${base()}${src.replace(version, 'A'.repeat(16))}`)).status, 404, 'another version');
    assert.equal((await raw(`${base()}/pay/assets/${version}/momo-checkout.js`)).status, 404, 'another file');
  });

  test("HEAD answers the headers alone; other methods but the phone form's POST are 405", async () => {
    const { url } = await create();
    const head = await raw(url, {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-type'], 'text/html; charset=utf-8');
    assert.ok(head.headers['content-security-policy']);
    assert.equal(head.bytes.length, 0);
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const refused = await raw(url, {}, method);
      assert.equal(refused.status, 405, method);
      assert.equal(refused.headers.allow, 'GET, HEAD, POST');
    }
  });

  test("the request log names a page's checkout, never its link's key", async () => {
    const { id, url } = await create();
    const key = url.slice(url.lastIndexOf('.') + 1);
    await raw(url);
    await raw(`${url}/more`);
    assert.ok(
      logs.lines.some((line) => line.msg === 'request' && line.path === `/pay/${id}.…`),
      'the page request is logged',
    );
    assert.ok(!logs.raw.some((line) => line.includes(key)), 'no line holds the key');
  });

  test('without the built renderer the page is a 503 that says nothing of why, and the log says what is missing', async () => {
    const { id } = await create();
    // The same database and secret as the running backend; only the package's build is missing.
    const store = await openTestStore(server.config.databaseFile);
    const unbuilt = logLines();
    try {
      const routes = paymentLinkRoutes({
        store,
        clock,
        tokens: createCheckoutTokens(server.config.tokenSecret, server.url, clock),
        providers: new Map(),
        links: createPaymentLinks(server.config.tokenSecret),
        merchantName: server.config.merchantName,
        log: createLogger('info', unbuilt.destination),
        renderer: () => Promise.reject(new Error("Cannot find module 'momo-checkout/server'")),
      });
      const page = await routes.request(`/${createPaymentLinks(server.config.tokenSecret).linkFor(id)}`);
      assert.equal(page.status, 503);
      assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
      const text = await page.text();
      assert.doesNotMatch(text, /momo-checkout\/server|Cannot find/);
      assert.ok(unbuilt.lines.some((line) => line.checkoutId === id && /renderer/.test(line.msg)));
    } finally {
      await store.close();
    }
  });
});

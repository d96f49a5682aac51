/**
 * A hosted page's phone form without script, over real HTTP against the MTN sandbox: the page
 * (its HTML alone, as a browser with scripts off has it) posts the number to its own link, which
 * sends the request as `POST /v1/session/pay` does and answers 303 back to the page
 * (Post/Redirect/Get), carrying why nothing went. The package's build (`vite build`) renders it.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Session, StatusUpdate } from '../../contract';
import { en } from '../../src/i18n/en';
import { loadRenderer } from '../../server-example/payment-links/renderer';
import { manualClock } from './clock';
import { invoiceBody, readStatusEvents, startTestServer, type TestServer } from './helpers';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** node:http, which sends `Origin` and `Sec-Fetch-Site` as given (a browser's form post) and follows no redirect. */
function send(url: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/** What a browser sends for the page's own form: same-origin, and `Origin: null` under the page's `Referrer-Policy: no-referrer`. */
const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'same-origin', Origin: 'null' };

const PUSH = { method: 'request-to-pay', amount: '25000', currency: 'UGX' };
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

describe('payment links: the phone form without script', () => {
  let server: TestServer;
  const base = () => `http://127.0.0.1:${server.config.port}`;

  before(async () => {
    server = await startTestServer({}, {}, {}, { reconcile: false });
  });
  after(() => server.close());

  async function create(overrides: Record<string, unknown> = PUSH) {
    const response = await server.merchant('/v1/checkouts', { body: invoiceBody(overrides), idempotencyKey: crypto.randomUUID() });
    assert.equal(response.status, 201, await response.clone().text());
    const created = (await response.json()) as { id: string; token: string; url: string };
    return { ...created, path: new URL(created.url).pathname };
  }

  const post = (path: string, body: string, headers: Record<string, string> = FORM_HEADERS) => send(`${base()}${path}`, { method: 'POST', headers, body });
  const statusOf = async (token: string) => ((await (await server.element('/v1/session/status', token)).json()) as StatusUpdate).status;
  const formOf = (page: string) => /<form\b[^>]*\bpart="push"[^>]*>/.exec(page)?.[0];

  test("a push checkout's page posts its phone form to its own link; another method's page has no such form", async () => {
    const { path } = await create();
    const page = await send(`${base()}${path}`);
    assert.equal(page.status, 200);
    const form = formOf(page.text);
    assert.ok(form, 'the phone form');
    assert.match(form, /\bmethod="post"/);
    assert.ok(form.includes(`action="${path}"`), form);
    assert.match(page.text, /<input\b[^>]*\bname="phone"/);
    // The policy lets it post there.
    assert.match(String(page.headers['content-security-policy']), /form-action 'self'/);
    const invoice = await send(`${base()}${(await create({})).path}`);
    assert.doesNotMatch(invoice.text, /<form\b[^>]*\baction=/);
  });

  test('renderCheckout draws the form as a plain form with `payAction` only; without it, as before', async () => {
    const { token } = await create();
    const session = (await (await server.element('/v1/session', token)).json()) as Session;
    const { renderCheckout } = await loadRenderer();
    const plain = formOf((await renderCheckout({ token, session })).html);
    assert.ok(plain, 'the phone form');
    assert.doesNotMatch(plain, /\b(action|method)=/);
    const posting = formOf((await renderCheckout({ token, session, payAction: '/pay/elsewhere' })).html);
    assert.match(posting!, /\bmethod="post" action="\/pay\/elsewhere"/);
    await assert.rejects(renderCheckout({ token, session, payAction: 42 as never }), { name: 'TypeError', message: /payAction/ });
  });

  test('a valid number: 303 back to the page, the checkout processing and the page its wait screen; the phone approves → paid', async () => {
    const { id, token, path } = await create();
    const answer = await post(path, new URLSearchParams({ phone: '0772 123 456' }).toString());
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.location, path);
    assert.equal(answer.headers['cache-control'], 'no-store');
    assert.equal(await statusOf(token), 'processing');
    const waiting = await send(`${base()}${path}`);
    assert.ok(waiting.text.includes(escaped(en.push.waitTitle)), 'approve on your phone');
    assert.equal(formOf(waiting.text), undefined, 'no second request offered while one is live');

    // Posted again meanwhile (a second tap, a resubmitted form): nothing more goes, and nothing is said but the wait screen.
    const again = await post(path, 'phone=256772123456');
    assert.equal(again.status, 303);
    assert.equal(again.headers.location, path);

    const settled = readStatusEvents(server, token, (update) => update.status === 'paid');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    assert.equal((await settled).at(-1)?.status, 'paid');
    const paid = await send(`${base()}${path}`);
    assert.ok(paid.text.includes(escaped(en.final.paid.title)), 'the paid panel');
  });

  test('a number the checkout cannot push to: 303 with refused=INVALID_PHONE, and the page says why above the form; nothing was sent', async () => {
    const { token, path } = await create();
    for (const phone of ['0701 234 567', 'call me', '', '7'.repeat(500)]) {
      const answer = await post(path, new URLSearchParams({ phone }).toString());
      assert.equal(answer.status, 303, phone);
      assert.equal(answer.headers.location, `${path}?refused=INVALID_PHONE`, phone);
    }
    assert.equal(await post(path, 'other=1').then((answer) => answer.headers.location), `${path}?refused=INVALID_PHONE`, 'no phone field at all');
    assert.equal(await statusOf(token), 'pending');
    const page = await send(`${base()}${path}?refused=INVALID_PHONE`);
    const message = escaped(en.push.invalid('0772 123 456'));
    assert.ok(page.text.includes(`<p class="refusal" role="alert">${message}</p>`), 'the message, in the element’s words');
    assert.ok(page.text.indexOf(message) < page.text.indexOf('<momo-checkout'), 'above the element');
    assert.ok(formOf(page.text), 'the form again');
    // Only known codes say anything; the query carries no text of its own.
    const forged = await send(`${base()}${path}?refused=${encodeURIComponent('<b>Send money to 0700</b>')}`);
    assert.doesNotMatch(forged.text, /class="refusal"/);
  });

  test('a fee the page shows goes with the number (Dollr); a number of another fee comes back FEE_CHANGED with the new fee shown', async () => {
    const { token, path } = await create({ provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD' });
    const page = await send(`${base()}${path}`);
    assert.match(page.text, /<input type="hidden" name="fee" value="0\.80"/, 'the MTN fee, as shown');
    const orange = await post(path, 'phone=231771234567&fee=0.80');
    assert.equal(orange.headers.location, `${path}?refused=FEE_CHANGED`);
    const shown = await send(`${base()}${orange.headers.location}`);
    assert.ok(shown.text.includes(escaped(en.push.feeChanged)));
    assert.match(shown.text, /<input type="hidden" name="fee" value="0\.90"/, 'the fee the payer now agrees to by sending again');
    const sent = await post(path, 'phone=231771234567&fee=0.90');
    assert.equal(sent.headers.location, path);
    assert.equal(await statusOf(token), 'processing');
  });

  test('a forged or malformed link is the 404 page, whatever is posted', async () => {
    const { path } = await create();
    const key = path.slice(path.lastIndexOf('.') + 1);
    for (const link of [`${path.slice(0, -1)}${key.at(-1) === 'A' ? 'B' : 'A'}`, '/pay/co_nothing.x', `${path.slice(0, path.lastIndexOf('.'))}`]) {
      const answer = await post(link, 'phone=256772123456');
      assert.equal(answer.status, 404, link);
      assert.equal(answer.headers['content-type'], 'text/html; charset=utf-8');
    }
  });

  test('a post from another site is refused 403, by Sec-Fetch-Site or else Origin; nothing was sent', async () => {
    const { token, path } = await create();
    const body = 'phone=256772123456';
    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    for (const headers of [
      { ...form, 'Sec-Fetch-Site': 'cross-site', Origin: 'null' },
      { ...form, 'Sec-Fetch-Site': 'same-site', Origin: 'https://shop.example' },
      { ...form, Origin: 'https://evil.example' },
    ]) {
      const answer = await post(path, body, headers);
      assert.equal(answer.status, 403, JSON.stringify(headers));
      assert.equal((JSON.parse(answer.text) as { error: { code: string } }).error.code, 'CROSS_SITE_FORM');
    }
    assert.equal(await statusOf(token), 'pending');
    // A browser that names its own origin (and sends no Sec-Fetch-Site) is this page.
    assert.equal((await post(path, body, { ...form, Origin: base() })).status, 303);
    assert.equal(await statusOf(token), 'processing');
  });

  test('anything but a url-encoded form is 415, and a body past the bound is 413; nothing was sent', async () => {
    const { token, path } = await create();
    for (const type of ['application/json', 'multipart/form-data; boundary=x', 'text/plain']) {
      const answer = await post(path, JSON.stringify({ phone: '256772123456' }), { 'Content-Type': type, 'Sec-Fetch-Site': 'same-origin' });
      assert.equal(answer.status, 415, type);
      assert.equal((JSON.parse(answer.text) as { error: { code: string } }).error.code, 'UNSUPPORTED_MEDIA_TYPE');
    }
    assert.equal((await post(path, 'phone=256772123456', { 'Sec-Fetch-Site': 'same-origin' })).status, 415, 'no type at all');
    const large = await post(path, `phone=256772123456&pad=${'x'.repeat(8_000)}`);
    assert.equal(large.status, 413);
    const badFee = await post(path, 'phone=256772123456&fee=a%20lot');
    assert.equal(badFee.status, 400);
    assert.equal(await statusOf(token), 'pending');
  });

  test('a final checkout: 303 back to its panel, nothing sent; its page offers no form to post', async () => {
    const { id, token, path } = await create();
    assert.equal((await server.merchant(`/v1/checkouts/${id}/cancel`, { method: 'POST' })).status, 200);
    const answer = await post(path, 'phone=256772123456');
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.location, path);
    const page = await send(`${base()}${path}?refused=INVALID_PHONE`);
    assert.ok(page.text.includes(escaped(en.final.cancelled.title)));
    assert.doesNotMatch(page.text, /<form\b[^>]*\baction=/);
    assert.doesNotMatch(page.text, /class="refusal"/, 'no word about a form that is gone');
    assert.equal(await statusOf(token), 'cancelled');
  });

  test('other methods than GET, HEAD and POST are 405, naming POST among those allowed', async () => {
    const { path } = await create();
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const answer = await send(`${base()}${path}`, { method });
      assert.equal(answer.status, 405, method);
      assert.equal(answer.headers.allow, 'GET, HEAD, POST');
    }
  });
});

describe('payment links: the phone form once the checkout’s time is up', () => {
  const clock = manualClock();
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, {}, {}, { reconcile: false, clock });
  });
  after(() => server.close());

  test('past its expiry, before the backend settled it: no form on the page, and a post sends nothing', async () => {
    const response = await server.merchant('/v1/checkouts', { body: invoiceBody(PUSH), idempotencyKey: crypto.randomUUID() });
    const { token, url } = (await response.json()) as { token: string; url: string };
    const path = new URL(url).pathname;
    const pageUrl = `http://127.0.0.1:${server.config.port}${path}`;
    assert.match((await send(pageUrl)).text, /<form\b[^>]*\baction=/, 'the form while the checkout is open');
    clock.advance(15 * 60_000 + 10_000); // past expiresAt; no reconciler pass has settled it
    assert.doesNotMatch((await send(pageUrl)).text, /<form\b[^>]*\baction=/);
    const answer = await send(pageUrl, { method: 'POST', headers: FORM_HEADERS, body: 'phone=256772123456' });
    assert.equal(answer.status, 303);
    assert.equal(answer.headers.location, path);
    const { status } = (await (await server.element('/v1/session/status', token)).json()) as StatusUpdate;
    assert.equal(status, 'pending', 'no request went to the phone');
  });
});

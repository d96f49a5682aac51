import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The element under the strict policy of issue 4, on demo/csp.html: the backend serves that page
 * with the header, the script-tag build from /lib, and its API, all from one origin.
 */
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

interface Violation {
  directive: string;
  blocked: string;
}

/**
 * Records `securitypolicyviolation` events from before the page's first script runs (an init
 * script is injected by the browser, so the policy does not apply to it), and Chromium's
 * "Refused to …" console errors as a second witness.
 */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string }[] = [];
    (window as unknown as { __violations: typeof seen }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push({ directive: event.violatedDirective, blocked: event.blockedURI }));
  });
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  return {
    refused,
    violations: () => page.evaluate(() => (window as unknown as { __violations: Violation[] }).__violations),
  };
}

async function createCheckout(request: APIRequestContext, body: Record<string, unknown> = {}) {
  const response = await request.post('/demo/checkouts', {
    data: { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: `CSP-${Date.now().toString(36)}`, ...body },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; token: string };
}

async function approve(request: APIRequestContext, id: string) {
  await expect(async () => expect((await request.post(`/sandbox/checkouts/${id}/approve`)).status()).toBe(202)).toPass({ timeout: 10_000 });
}

async function openStrictPage(page: Page, token: string) {
  const response = await page.goto(`/csp.html#token=${token}`);
  expect(response!.headers()['content-security-policy']).toBe(STRICT_CSP);
  return page.locator('momo-checkout');
}

test.describe('strict Content-Security-Policy', () => {
  test('USSD + QR (SVG drawn in the browser) to paid, with no violation', async ({ page, request }) => {
    const watch = await watchViolations(page);
    const checkout = await createCheckout(request);
    const element = await openStrictPage(page, checkout.token);

    await expect(element.locator('[part~="ussd-code"]')).toHaveText(/^\*165\*3\*\d+\*1#$/);
    await expect(element.locator('[part~="qr"] svg path')).toHaveCount(1);
    // The adopted stylesheets applied: the card has its border radius token, not the UA default 0.
    await expect(element.locator('[part~="card"]')).not.toHaveCSS('border-radius', '0px');

    await approve(request, checkout.id);
    await expect(element.locator('[part~="final"][data-status="paid"]')).toBeVisible();
    await expect(page.locator('#events')).toContainText('momo-paid');

    expect(await watch.violations()).toEqual([]);
    expect(watch.refused).toEqual([]);
  });

  test('a provider QR image (data: URI) loads, and ends paid, with no violation', async ({ page, request }) => {
    const watch = await watchViolations(page);
    const checkout = await createCheckout(request, { provider: 'mom-factura', method: 'ekwanza', amount: '2500.00', currency: 'AOA', payer: { phone: '244923000000' } });
    const element = await openStrictPage(page, checkout.token);

    const image = element.locator('[part~="qr"] img');
    await expect(image).toHaveAttribute('src', /^data:image\//);
    // Decoded: a blocked image would have no natural size.
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await expect(element.locator('[part~="code-value"]')).not.toBeEmpty();

    await approve(request, checkout.id);
    await expect(element.locator('[part~="final"][data-status="paid"]')).toBeVisible();

    expect(await watch.violations()).toEqual([]);
    expect(watch.refused).toEqual([]);
  });

  test('the watch sees a violation when there is one', async ({ page, request }) => {
    const watch = await watchViolations(page);
    const checkout = await createCheckout(request);
    const element = await openStrictPage(page, checkout.token);
    await expect(element.locator('[part~="ussd-code"]')).toBeVisible();
    // An inline style attribute and a cross-origin request: both outside the policy.
    await page.evaluate(() => {
      document.body.setAttribute('style', 'color: red');
      void fetch('http://127.0.0.1:9/').catch(() => undefined);
    });
    await expect.poll(async () => (await watch.violations()).map((violation) => violation.directive).sort()).toEqual(['connect-src', 'style-src-attr']);
  });
});

/**
 * A merchant's page on its own server (another origin, on this machine as the backend is, so
 * Chromium's local-network rules stay out of it) that loads the script-tag build from the backend
 * but whose `connect-src` leaves the backend out, in whole or in part. The element's events and its
 * calls to `/v1/session` are counted from before any script runs.
 */
let shop: Server;
let shopPage = { csp: '', body: '' };

test.beforeAll(async () => {
  shop = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': shopPage.csp });
    response.end(shopPage.body);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
});
test.afterAll(() => new Promise<void>((resolve) => shop.close(() => resolve())));

async function openShopPage(page: Page, backend: string, connectSrc: string, token: string) {
  shopPage = {
    csp: `default-src 'self'; script-src ${backend}; img-src 'self' data:; connect-src ${connectSrc}`,
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><momo-checkout token="${token}"></momo-checkout><script src="${backend}/lib/momo-checkout.iife.js"></script></body></html>`,
  };
  await page.addInitScript(() => {
    const seen = { errors: [] as unknown[], ready: 0, sessionLoads: 0 };
    (window as unknown as { __shop: typeof seen }).__shop = seen;
    document.addEventListener('momo-error', (event) => seen.errors.push((event as CustomEvent).detail));
    document.addEventListener('momo-ready', () => {
      seen.ready += 1;
    });
    const original = window.fetch;
    window.fetch = function countedFetch(input, init) {
      const url = input instanceof Request ? input.url : String(input);
      if (new URL(url, location.href).pathname === '/v1/session') seen.sessionLoads += 1;
      return original.call(this, input, init);
    };
  });
  const watch = await watchViolations(page);
  await page.goto(`http://127.0.0.1:${(shop.address() as AddressInfo).port}/`);
  const seen = () => page.evaluate(() => (window as unknown as { __shop: { errors: unknown[]; ready: number; sessionLoads: number } }).__shop);
  return { element: page.locator('momo-checkout'), seen, watch };
}
test.describe('a page whose Content-Security-Policy leaves the backend out', () => {
  test('connect-src without the backend: momo-error CSP_BLOCKED names the directive to add, and nothing retries', async ({ page, request, baseURL }) => {
    const backend = new URL(baseURL!).origin;
    const checkout = await createCheckout(request);
    // The element's timers are the test's to run: a retry, if one were scheduled, would run below.
    await page.clock.install();
    const { element, seen, watch } = await openShopPage(page, backend, "'self'", checkout.token);

    await expect.poll(async () => (await seen()).errors).toEqual([{ code: 'CSP_BLOCKED', message: `The page's Content-Security-Policy blocks ${backend}: add it to connect-src.` }]);
    await expect(element.locator('[part~="error"]')).toBeVisible();
    expect((await watch.violations()).filter((violation) => violation.directive === 'connect-src').map((violation) => violation.blocked)).toEqual([`${backend}/v1/session`]);

    // Not the payer's connection: no back-off retries, nor one when the browser says it is back online.
    await page.clock.runFor(5 * 60_000);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.clock.runFor(60_000);
    const after = await seen();
    expect(after.sessionLoads).toBe(1);
    expect(after.errors).toHaveLength(1);
  });

  test('connect-src with the session but not its event stream: the element follows by polling, with no error', async ({ page, request, baseURL }) => {
    const backend = new URL(baseURL!).origin;
    const checkout = await createCheckout(request);
    const allowed = ['/v1/session', '/v1/session/status', '/v1/session/pay'].map((path) => `${backend}${path}`).join(' ');
    const { element, seen, watch } = await openShopPage(page, backend, allowed, checkout.token);

    await expect(element.locator('[part~="ussd-code"]')).toBeVisible();
    await expect.poll(async () => (await watch.violations()).map((violation) => violation.blocked)).toContain(`${backend}/v1/session/events`);
    await approve(request, checkout.id);
    await expect(element.locator('[part~="final"][data-status="paid"]')).toBeVisible({ timeout: 15_000 });
    const after = await seen();
    expect(after.errors).toEqual([]);
    expect(after.ready).toBe(1);
  });
});

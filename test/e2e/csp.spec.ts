import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

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

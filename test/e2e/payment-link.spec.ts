import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';

/**
 * A payment link as a payer opens it: the page the backend serves at the checkout's `url`,
 * rendered on the server, read with JavaScript off and used with it on.
 */
const ANDROID = {
  userAgent: 'Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};
const DESKTOP = { viewport: { width: 1280, height: 900 } };

async function createLink(request: APIRequestContext, body: Record<string, unknown> = {}) {
  const response = await request.post('/demo/checkouts', {
    data: { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: `LINK-${Date.now().toString(36)}`, description: 'Term 1 school fees', ...body },
  });
  expect(response.status()).toBe(201);
  const created = (await response.json()) as { id: string; url: string };
  expect(created.url).toMatch(/^http:\/\/[^/]+\/pay\//);
  return created;
}

async function openLink(browser: Browser, url: string, options: Parameters<Browser['newContext']>[0]): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  return page;
}

/** As the element writes it: the currency code where its symbol could mislead (`USh` is not what Ugandans read). */
const amount = /^UGX\s150,000$/;

test('with JavaScript off, an Android phone reads the amount and dials the USSD code from the link', async ({ browser, request }) => {
  const { url } = await createLink(request);
  const page = await openLink(browser, url, { ...ANDROID, javaScriptEnabled: false });
  await expect(page.locator('momo-checkout [part~="amount"]')).toHaveText(amount);
  const dial = page.locator('momo-checkout [part~="dial-button"]');
  await expect(dial).toBeVisible();
  await expect(dial).toHaveAttribute('href', /^tel:\*165\*/);
  await expect(page.locator('noscript')).toHaveCount(1);
  await page.screenshot({ path: 'docs/screenshots/payment-link-phone-no-js.png', fullPage: true });
  await page.context().close();
});

test('with JavaScript off, a desktop shows the QR code from the link', async ({ browser, request }) => {
  const { url } = await createLink(request);
  const page = await openLink(browser, url, { ...DESKTOP, javaScriptEnabled: false });
  await expect(page.locator('momo-checkout [part~="amount"]')).toHaveText(amount);
  await expect(page.locator('momo-checkout [part~="qr"] svg')).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/payment-link-desktop-no-js.png', fullPage: true });
  await page.context().close();
});

test('with JavaScript on, the link hydrates without a second copy and reaches paid after the approval', async ({ browser, request }) => {
  const { id, url } = await createLink(request);
  const page = await openLink(browser, url, ANDROID);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // Hydrated: the element is defined and has rendered into the shadow root the HTML brought.
  await page.waitForFunction(() => customElements.get('momo-checkout') !== undefined && (document.querySelector('momo-checkout') as { hasUpdated?: boolean } | null)?.hasUpdated === true);
  await expect(page.locator('momo-checkout [part~="card"]')).toHaveCount(1);
  await expect(page.locator('momo-checkout [part~="status"]')).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/payment-link-phone.png', fullPage: true });
  await expect(async () => expect((await request.post(`/sandbox/checkouts/${id}/approve`)).status()).toBe(202)).toPass({ timeout: 10_000 });
  await expect(page.locator('momo-checkout [part~="final"]')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('momo-checkout [part~="payment-proof"]')).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/payment-link-phone-paid.png', fullPage: true });
  expect(errors).toEqual([]);
  await page.context().close();
});

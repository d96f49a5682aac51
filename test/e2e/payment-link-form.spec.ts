import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';

/**
 * A push method's payment link in Chromium: with JavaScript off the phone form posts to the link
 * and the page comes back with the wait screen, or with why nothing went; with it on, the element
 * sends the request itself and the page never leaves.
 */
const ANDROID = {
  userAgent: 'Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};

async function createPushLink(request: APIRequestContext) {
  const response = await request.post('/demo/checkouts', {
    data: { provider: 'mtn-momo', method: 'request-to-pay', amount: '25000', currency: 'UGX', reference: `FORM-${Date.now().toString(36)}`, description: 'Term 1 school fees' },
  });
  expect(response.status()).toBe(201);
  return (await response.json()) as { id: string; url: string };
}

async function openLink(browser: Browser, url: string, javaScriptEnabled: boolean): Promise<Page> {
  const page = await (await browser.newContext({ ...ANDROID, javaScriptEnabled })).newPage();
  expect((await page.goto(url))?.status()).toBe(200);
  return page;
}

test('with JavaScript off, the payer sends the request from the link, approves it on the phone, and a reload shows it paid', async ({ browser, request }) => {
  const { id, url } = await createPushLink(request);
  const page = await openLink(browser, url, false);
  const field = page.locator('momo-checkout [part~="phone-input"]');
  await expect(field).toBeVisible();
  await field.fill('0772 123 456');
  const answered = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === new URL(url).pathname);
  await page.locator('momo-checkout [part~="pay-button"]').click();
  expect((await answered).status()).toBe(303);
  await expect(page.locator('momo-checkout [part~="push-wait"]')).toBeVisible();
  expect(page.url()).toBe(url);
  expect((await request.post(`/sandbox/checkouts/${id}/approve`)).status()).toBe(202);
  await expect(async () => {
    await page.reload();
    await expect(page.locator('momo-checkout [part~="final"]')).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await page.context().close();
});

test('with JavaScript off, a number that is not the method’s comes back with why, above the form', async ({ browser, request }) => {
  const { url } = await createPushLink(request);
  const page = await openLink(browser, url, false);
  await page.locator('momo-checkout [part~="phone-input"]').fill('0701 234 567');
  await page.locator('momo-checkout [part~="pay-button"]').click();
  await expect(page).toHaveURL(`${url}?refused=INVALID_PHONE`);
  await expect(page.getByRole('alert')).toContainText('0772 123 456');
  await expect(page.locator('momo-checkout [part~="phone-input"]')).toBeVisible();
  await page.context().close();
});

test('with JavaScript on, the element sends the request itself: the page does not post the form', async ({ browser, request }) => {
  const { url } = await createPushLink(request);
  const page = await openLink(browser, url, true);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const posts: string[] = [];
  page.on('request', (sent) => {
    if (sent.method() === 'POST') posts.push(new URL(sent.url()).pathname);
  });
  await page.waitForFunction(() => (document.querySelector('momo-checkout') as { hasUpdated?: boolean } | null)?.hasUpdated === true);
  // The same form as without script (hydrated, not drawn again), with its action.
  await expect(page.locator('momo-checkout form[part~="push"]')).toHaveAttribute('action', new URL(url).pathname);
  await page.locator('momo-checkout [part~="phone-input"]').fill('0772 123 456');
  const paid = page.waitForResponse((response) => new URL(response.url()).pathname === '/v1/session/pay');
  await page.locator('momo-checkout [part~="pay-button"]').click();
  expect((await paid).status()).toBe(202);
  await expect(page.locator('momo-checkout [part~="push-wait"]')).toBeVisible();
  expect(posts).toEqual(['/v1/session/pay']);
  expect(page.url()).toBe(url);
  expect(errors).toEqual([]);
  await page.context().close();
});

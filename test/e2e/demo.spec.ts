import { expect, test, type Page } from '@playwright/test';

const SCREENSHOTS = '.tmp/screenshots';

/** Opens the demo and creates an MTN invoice; a checkout kept from before the page loaded is replaced. */
async function createCheckout(page: Page) {
  await page.goto('/');
  const created = page.waitForResponse((response) => response.url().endsWith('/demo/checkouts') && response.status() === 201);
  await page.getByRole('button', { name: 'Create checkout' }).click();
  await created;
  const element = page.locator('momo-checkout');
  await expect(element.locator('[part~="ussd"]')).toContainText(/\*165\*3\*\d+\*1#/);
  return element;
}

test('demo → create an MTN invoice → USSD + QR → approve → paid', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const element = await createCheckout(page);
  const ussd = (await element.locator('[part~="ussd"]').innerText()).replace(/\s/g, '');
  expect(ussd).toMatch(/\*165\*3\*\d+\*1#/);
  await expect(element.locator('[part~="qr"] svg path')).toHaveCount(1);
  await expect(element.locator('[part~="amount"]')).toContainText('150,000');
  await element.screenshot({ path: `${SCREENSHOTS}/pending-desktop.png` });
  await page.screenshot({ path: `${SCREENSHOTS}/demo-pending.png` });

  await page.getByRole('button', { name: 'Approve payment' }).click();
  await expect(element.locator('[part~="final"][data-status="paid"]')).toBeVisible();
  await expect(element.locator('[part~="status"]')).toHaveText('Payment complete');
  await expect(page.locator('#event-log')).toContainText('momo-paid');
  await element.screenshot({ path: `${SCREENSHOTS}/paid-desktop.png` });
  await page.screenshot({ path: `${SCREENSHOTS}/demo-paid.png` });
});

test('decline → failed with the reason; expiry → expired', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  let element = await createCheckout(page);
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page.locator('#event-log')).toContainText('momo-failed');
  await expect(element.locator('[part~="final"][data-status="failed"] [part~="reason"]')).toBeVisible();
  await element.screenshot({ path: `${SCREENSHOTS}/failed-phone.png` });

  element = await createCheckout(page);
  await page.getByRole('button', { name: 'Let it expire' }).click();
  await expect(page.locator('#event-log')).toContainText('momo-expired');
  await expect(element.locator('[part~="final"][data-status="expired"]')).toBeVisible();
  await element.screenshot({ path: `${SCREENSHOTS}/expired-phone.png` });
});

test('decline → "Try again" → the demo merchant makes a new checkout for the same order, and focus goes to it', async ({ page }) => {
  const element = await createCheckout(page);
  const firstUssd = await element.locator('[part~="ussd-code"]').innerText();
  await page.getByRole('button', { name: 'Decline' }).click();
  await element.locator('[part~="retry-button"]').click();
  await expect(page.locator('#event-log')).toContainText('checkout created again');
  // A new MTN invoice: a new payment reference in the USSD code, and nothing asks for a new link.
  await expect(element.locator('[part~="ussd-code"]')).not.toHaveText(firstUssd);
  await expect(element.locator('[part~="amount"]')).toContainText('150,000');
  await expect(element.locator('[part~="retry-note"]')).toHaveCount(0);
  await expect(element.locator('[part~="instructions"] h2')).toBeFocused();
  await expect(page.getByRole('button', { name: 'Approve payment' })).toBeEnabled();
});

test("a refused checkout shows the backend's message in plain words beside the field it names, and the next one clears it", async ({ page }) => {
  await page.goto('/');
  await page.locator('#amount').fill('150000.5'); // UGX has no minor units
  await page.getByRole('button', { name: 'Create checkout' }).click();
  const amountError = page.locator('#amount-error');
  // The backend's own words, without its code, its field path or any JSON.
  await expect(amountError).toHaveText('Not a valid positive UGX amount (0 decimals at most)');
  await expect(page.locator('#amount')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#amount')).toBeFocused();
  await expect(page.locator('#merchant-error')).toBeHidden();
  await expect(page.locator('momo-checkout')).toBeHidden();

  await page.locator('#amount').fill('150000');
  await expect(amountError).toBeHidden();
  await page.getByRole('button', { name: 'Create checkout' }).click();
  await expect(page.locator('momo-checkout').locator('[part~="ussd"]')).toContainText(/\*165\*3\*\d+\*1#/);
  await expect(page.locator('#amount')).not.toHaveAttribute('aria-invalid', 'true');
});

test("a provider's refusal names its field too: E-kwanza without the payer's phone", async ({ page }) => {
  await page.goto('/');
  await page.locator('#provider').selectOption('mom-factura');
  await page.locator('#method').selectOption('ekwanza');
  await page.locator('#payer-phone').fill('');
  await page.getByRole('button', { name: 'Create checkout' }).click();
  await expect(page.locator('#payerPhone-error')).toHaveText(/^mom-factura ekwanza sends its code to the payer's phone/);
  await expect(page.locator('#payer-phone')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#merchant-error')).toBeHidden();
});

test("the amount field shows each method's range and keeps an amount outside it on the page", async ({ page }) => {
  const creates: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/demo/checkouts')) creates.push(request.url());
  });
  await page.goto('/');
  await expect(page.locator('#amount-limits')).toHaveText('500 – 5,000,000 UGX');
  await page.locator('#amount').fill('99999999999999');
  await page.getByRole('button', { name: 'Create checkout' }).click();
  await expect(page.locator('#amount-error')).toHaveText('MTN MoMo invoice takes 500 to 5,000,000 UGX.');
  await expect(page.locator('#amount')).toHaveJSProperty('validationMessage', 'MTN MoMo invoice takes 500 to 5,000,000 UGX.');
  await page.locator('#amount').fill('499');
  await expect(page.locator('#amount')).toHaveJSProperty('validationMessage', 'MTN MoMo invoice takes 500 to 5,000,000 UGX.');
  await page.locator('#amount').fill('5000000');
  await expect(page.locator('#amount')).toHaveJSProperty('validationMessage', '');

  await page.locator('#provider').selectOption('momo-vn');
  await expect(page.locator('#amount-limits')).toHaveText('1,000 – 50,000,000 VND');
  await page.locator('#amount').fill('50000001');
  await page.getByRole('button', { name: 'Create checkout' }).click();
  await expect(page.locator('#amount-error')).toHaveText('MoMo Vietnam wallet takes 1,000 to 50,000,000 VND.');
  expect(creates).toEqual([]);
});

test("the payer phone's placeholder is a number that provider's sandbox takes, as its country writes it", async ({ page }) => {
  await page.goto('/');
  const phone = page.locator('#payer-phone');
  await expect(phone).toHaveAttribute('placeholder', '0772 123 456');
  await page.locator('#provider').selectOption('mom-factura');
  await expect(phone).toHaveAttribute('placeholder', '923 000 000');
  await page.locator('#provider').selectOption('dollr');
  await expect(phone).toHaveAttribute('placeholder', '088 123 4567');
  await page.locator('#currency').selectOption('RWF');
  await expect(phone).toHaveAttribute('placeholder', '0781 234 567');
});

test('a reload keeps the checkout; a new checkout replaces it; a finished one shows its final state', async ({ page }) => {
  let element = await createCheckout(page);
  const first = await element.locator('[part~="ussd-code"]').innerText();
  await page.reload();
  element = page.locator('momo-checkout');
  await expect(element.locator('[part~="ussd-code"]')).toHaveText(first);
  await expect(page.locator('#event-log')).toContainText('checkout restored');
  await expect(page.locator('#provider')).toHaveValue('mtn-momo');

  await page.getByRole('button', { name: 'Create checkout' }).click();
  await expect(element.locator('[part~="ussd-code"]')).not.toHaveText(first);
  const second = await element.locator('[part~="ussd-code"]').innerText();
  await page.reload();
  await expect(element.locator('[part~="ussd-code"]')).toHaveText(second);

  await page.getByRole('button', { name: 'Approve payment' }).click();
  await expect(element.locator('[part~="final"][data-status="paid"]')).toBeVisible();
  await page.reload();
  await expect(element.locator('[part~="final"][data-status="paid"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approve payment' })).toBeDisabled();
});

test('a checkout that expired before the reload shows as expired after it', async ({ page }) => {
  const element = await createCheckout(page);
  await page.getByRole('button', { name: 'Let it expire' }).click();
  await expect(element.locator('[part~="final"][data-status="expired"]')).toBeVisible();
  await page.reload();
  await expect(element.locator('[part~="final"][data-status="expired"]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Let it expire' })).toBeDisabled();
});

test('/favicon.ico is served, and the demo loads with no failed request', async ({ page, request }) => {
  const icon = await request.get('/favicon.ico');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toBe('image/x-icon');
  expect([...(await icon.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO header
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') failed.push(message.text());
  });
  await createCheckout(page);
  expect(failed).toEqual([]);
});

test('opened at 127.0.0.1 (not localhost), the element talks to the host the page came from', async ({ page, baseURL }) => {
  const url = new URL(baseURL!);
  url.hostname = '127.0.0.1';
  await page.goto(url.href);
  await page.getByRole('button', { name: 'Create checkout' }).click();
  const element = page.locator('momo-checkout');
  await expect(element.locator('[part~="ussd"]')).toContainText(/\*165\*3\*\d+\*1#/);
  await page.getByRole('button', { name: 'Approve payment' }).click();
  await expect(element.locator('[part~="final"][data-status="paid"]')).toBeVisible();
});

/** The checkout the demo merchant creates next, as its server-side half (`/demo/checkouts`) answers. */
function nextCreatedCheckout(page: Page): Promise<{ id: string }> {
  return page.waitForResponse((response) => response.url().endsWith('/demo/checkouts') && response.request().method() === 'POST').then((response) => response.json() as Promise<{ id: string }>);
}

test('the backend\'s webhook reaches the demo merchant: "checkout.paid ✔ signature verified"', async ({ page }) => {
  // Two whole flows, desktop then phone, each waiting for its webhook.
  test.setTimeout(60_000);
  for (const [size, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 360, height: 740 }],
  ] as const) {
    await page.setViewportSize(viewport);
    const created = nextCreatedCheckout(page);
    const element = await createCheckout(page);
    const { id } = await created;
    await page.getByRole('button', { name: 'Approve payment' }).click();
    await expect(element.locator('[part~="final"][data-status="paid"]')).toBeVisible();
    // The webhook arrives after the element shows the outcome; the panel keeps polling for it.
    const received = page.locator('#webhook-log li').filter({ hasText: id });
    await expect(received).toHaveCount(1);
    await expect(received).toContainText('checkout.paid ✔ signature verified');
    await expect(page.locator('#webhooks-empty')).toBeHidden();
    await page.locator('.webhooks').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/demo-webhooks-${size}.png`, fullPage: size === 'desktop' });
  }
});

test('a forged webhook is refused and shows as "✘ signature invalid"', async ({ page, request }) => {
  // Unique per run: a reused backend remembers earlier runs' webhooks.
  const checkoutId = `co_forged_${Date.now().toString(36)}`;
  const forged = await request.post('/demo/webhooks', {
    headers: { 'webhook-id': `msg_${checkoutId}`, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,Zm9yZ2VkIHNpZ25hdHVyZSBvZiAzMiBieXRlcyEhIQ==' },
    data: { type: 'checkout.paid', timestamp: new Date().toISOString(), data: { id: checkoutId, status: 'paid' } },
  });
  expect(forged.status()).toBe(400);
  await page.goto('/');
  const listed = page.locator('#webhook-log li').filter({ hasText: checkoutId });
  await expect(listed).toContainText('checkout.paid ✘ signature invalid');
  await expect(listed).toContainText('No matching signature found');
});

test('the demo hands the element its session, copies the payment link and opens it as a phone shows it', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 900 });
  const sessionReads: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/v1/session') sessionReads.push(request.method());
  });
  await createCheckout(page);
  // The create answer's session was handed over: the element drew it without reading it.
  expect(sessionReads).toEqual([]);
  await page.getByRole('button', { name: 'Copy payment link' }).click();
  await expect(page.locator('#copy-link-status')).toHaveText('Link copied.');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/pay\/[^/]+\.[\w-]+$/);
  await page.locator('#payment-link').screenshot({ path: 'docs/screenshots/demo-payment-link.png' });

  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Open as on a phone' }).click();
  const phone = await popup;
  await phone.waitForLoadState();
  expect(phone.url()).toBe(`${link}?device=phone`);
  // The phone layout: tap to dial, and the QR folded away under "pay from another phone".
  await expect(phone.locator('momo-checkout [part~="dial-button"]')).toBeVisible();
  await expect(phone.locator('momo-checkout [part~="qr-other-phone"]')).toHaveCount(1);
});

import { expect, test, type Page } from '@playwright/test';

const SCREENSHOTS = '.tmp/screenshots';

async function createCheckout(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Create checkout' }).click();
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

test('a checkout the backend refuses shows its code and message, and the next one clears it', async ({ page }) => {
  await page.goto('/');
  await page.locator('#amount').fill('150000.5'); // UGX has no minor units
  await page.getByRole('button', { name: 'Create checkout' }).click();
  await expect(page.locator('#merchant-error')).toContainText(/^[A-Z_]+: .*UGX/);
  await expect(page.locator('momo-checkout')).toBeHidden();

  await page.locator('#amount').fill('150000');
  await page.getByRole('button', { name: 'Create checkout' }).click();
  await expect(page.locator('momo-checkout').locator('[part~="ussd"]')).toContainText(/\*165\*3\*\d+\*1#/);
  await expect(page.locator('#merchant-error')).toBeHidden();
});

/** The checkout the demo merchant creates next, as its server-side half (`/demo/checkouts`) answers. */
function nextCreatedCheckout(page: Page): Promise<{ id: string }> {
  return page.waitForResponse((response) => response.url().endsWith('/demo/checkouts') && response.request().method() === 'POST').then((response) => response.json() as Promise<{ id: string }>);
}

test('the backend\'s webhook reaches the demo merchant: "checkout.paid ✔ signature verified"', async ({ page }) => {
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

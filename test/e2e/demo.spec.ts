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

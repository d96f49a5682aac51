import { expect, type Locator, type Page } from '@playwright/test';

/** On the demo page: picks the provider and method, creates the checkout, and gives its element. */
export async function createCheckout(page: Page, { provider, method }: { provider: string; method: string }): Promise<Locator> {
  await page.goto('/');
  await page.locator('#provider').selectOption(provider);
  await page.locator('#method').selectOption(method);
  await page.getByRole('button', { name: 'Create checkout' }).click();
  return page.locator('momo-checkout');
}

/** The sandbox payer acts; for a push, once the push has reached the provider (retrying until then). */
export async function actAsPayer(page: Page, action: string) {
  await expect(async () => {
    const answered = page.waitForResponse((response) => response.url().includes('/sandbox/checkouts/'));
    await page.getByRole('button', { name: action }).click();
    expect((await answered).status()).toBe(202);
  }).toPass({ timeout: 10_000 });
}

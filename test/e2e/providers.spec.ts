import { expect, test, type Locator, type Page } from '@playwright/test';
import { en } from '../../src/i18n/en';

/**
 * Every provider × method through the demo: the element shows that method's way to pay, the
 * sandbox payer acts, and the element ends in the outcome the provider reported.
 */
interface Case {
  provider: string;
  method: string;
  /** The parts the element must show for this method (desktop). */
  shows: string[];
  /** Push methods: the number the payer types into the element. */
  phone?: string;
}

const CASES: Case[] = [
  { provider: 'mtn-momo', method: 'invoice', shows: ['qr', 'ussd'] },
  { provider: 'mtn-momo', method: 'request-to-pay', shows: ['push'], phone: '256772123456' },
  { provider: 'mtn-momo', method: 'payment', shows: ['push'], phone: '256772123456' },
  { provider: 'momo-vn', method: 'wallet', shows: ['qr', 'deeplink'] },
  { provider: 'mom-factura', method: 'mcx', shows: ['push'], phone: '244923000000' },
  { provider: 'mom-factura', method: 'ekwanza', shows: ['qr', 'code'] },
  { provider: 'mom-factura', method: 'reference', shows: ['bank-reference'] },
  { provider: 'dollr', method: 'collection', shows: ['push'], phone: '231881234567' },
];

const OUTCOMES = [
  { action: 'Approve payment', status: 'paid', event: 'momo-paid' },
  { action: 'Decline', status: 'failed', event: 'momo-failed', reason: en.reasons.rejected },
  { action: 'Let it expire', status: 'expired', event: 'momo-expired' },
] as const;

async function createCheckout(page: Page, { provider, method }: Case): Promise<Locator> {
  await page.goto('/');
  await page.locator('#provider').selectOption(provider);
  await page.locator('#method').selectOption(method);
  await page.getByRole('button', { name: 'Create checkout' }).click();
  return page.locator('momo-checkout');
}

/** The sandbox payer acts; for a push, once the push has reached the provider (retrying until then). */
async function actAsPayer(page: Page, action: string) {
  await expect(async () => {
    const answered = page.waitForResponse((response) => response.url().includes('/sandbox/checkouts/'));
    await page.getByRole('button', { name: action }).click();
    expect((await answered).status()).toBe(202);
  }).toPass({ timeout: 10_000 });
}

for (const c of CASES) {
  for (const outcome of OUTCOMES) {
    test(`${c.provider} ${c.method} → ${outcome.status}`, async ({ page }) => {
      await page.setViewportSize({ width: 1280, height: 900 });
      const element = await createCheckout(page, c);
      for (const part of c.shows) await expect(element.locator(`[part~="${part}"]`).first()).toBeVisible();
      if (c.phone) {
        await element.locator('[part~="phone-input"]').fill(c.phone);
        await element.locator('[part~="pay-button"]').click();
      }
      await actAsPayer(page, outcome.action);
      // A push nobody approved in time ends that push, not the checkout: payable again (push-recovery.spec.ts).
      if (c.phone && outcome.status === 'expired') {
        await expect(element.locator('[part~="push-ended"]')).toContainText(en.reasons.expired);
        await expect(element.locator('[part~="final"]')).toHaveCount(0);
        return;
      }
      await expect(element.locator(`[part~="final"][data-status="${outcome.status}"]`)).toBeVisible();
      await expect(page.locator('#event-log')).toContainText(outcome.event);
      if ('reason' in outcome) await expect(element.locator('[part~="reason"]')).toHaveText(outcome.reason);
      if (outcome.status === 'paid' && (c.provider === 'mom-factura' || c.provider === 'dollr')) {
        await expect(element.locator('[part~="receipt"]')).toHaveAttribute('href', /^https?:\/\//);
      }
    });
  }
}

import { expect, test } from '@playwright/test';
import { en } from '../../src/i18n/en';
import { actAsPayer, createCheckout } from './demo-page';

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

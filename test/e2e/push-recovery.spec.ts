import { expect, test, type Locator, type Page } from '@playwright/test';
import { en } from '../../src/i18n/en';
import { actAsPayer, createCheckout } from './demo-page';

/**
 * When a push goes wrong, for every provider with a push method, through the demo and the real
 * backend with its sandboxes: the payer sends the request, reloads (the wait screen still says
 * where it went), cannot start a second while it is live (not from the element, not from another
 * tab), and once the provider ended it unapproved sends another, which they approve.
 */
interface Case {
  provider: string;
  method: string;
  phone: string;
  /** The number as the backend masks it on the wait screen. */
  masked: string;
  /** The provider's USSD code listing approvals waiting, when it has one. */
  approvalsCode?: string;
}

const CASES: Case[] = [
  { provider: 'mtn-momo', method: 'request-to-pay', phone: '0772 123 456', masked: '+256 77• ••• 456', approvalsCode: '*165#' },
  { provider: 'mom-factura', method: 'mcx', phone: '923 000 000', masked: '+244 92• ••• 000' },
  { provider: 'dollr', method: 'collection', phone: '088 123 4567', masked: '+231 88 ••• •567' },
];

/** `text` with any run of spaces (the element keeps a masked number on one line with no-break spaces) matching any whitespace. */
const loosely = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ +/g, '\\s+'));

/** What another tab holding the same token gets when it asks for a second push. */
function payFromAnotherTab(page: Page, phone: string): Promise<{ status: number; code?: string }> {
  return page.evaluate(async (digits) => {
    const { token } = document.querySelector('momo-checkout') as HTMLElement & { token: string };
    const { iss } = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { iss: string };
    const response = await fetch(`${iss.replace(/\/$/, '')}/v1/session/pay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: digits }),
    });
    const body = (await response.json()) as { error?: { code: string } };
    return { status: response.status, code: body.error?.code };
  }, phone);
}

async function expectWaiting(element: Locator, c: Case) {
  await expect(element.locator('[part~="push-sent"]')).toHaveText(loosely(`${en.push.sentTo(c.masked)} · `));
  await expect(element.locator('[part~="pay-button"]')).toHaveCount(0);
  // Whether the provider says pending (Multicaixa Express) or processing (MTN, Dollr): the same words.
  await expect(element.locator('[part~="status"]')).toHaveText(en.awaitingApproval);
}

for (const c of CASES) {
  test(`${c.provider} ${c.method}: "Sent to …" after a reload, never two live pushes, another once it ended`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const element = await createCheckout(page, c);
    await element.locator('[part~="phone-input"]').fill(c.phone);
    await element.locator('[part~="pay-button"]').click();
    await expectWaiting(element, c);

    await page.reload();
    await expectWaiting(element, c);
    const help = element.locator('[part~="push-help"]');
    await help.locator('summary').click();
    if (c.approvalsCode) await expect(help).toContainText(en.push.approvals(c.approvalsCode));
    else await expect(help).toContainText(en.push.resend('').slice(0, -1));

    // Never two live pushes: another tab is refused, and this one still waits.
    expect(await payFromAnotherTab(page, c.phone.replace(/\D/g, ''))).toEqual({ status: 409, code: 'PUSH_LIVE' });
    await expectWaiting(element, c);

    // Nobody approves it in time: the provider ends it, and the payer may send another.
    await actAsPayer(page, 'Let it expire');
    await expect(element.locator('[part~="push-ended"]')).toContainText(en.reasons.expired);
    await expect(element.locator('[part~="push-ended"]')).toContainText(loosely(en.push.sentTo(c.masked)));
    await expect(element.locator('[part~="status"]')).toHaveText(en.status.pending);
    await element.locator('[part~="phone-input"]').fill(c.phone);
    await element.locator('[part~="pay-button"]').click();
    await expectWaiting(element, c);

    await actAsPayer(page, 'Approve payment');
    await expect(element.locator('[part~="final"][data-status="paid"]')).toBeVisible();
  });
}

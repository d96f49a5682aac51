import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { en } from '../../src/i18n/en';

/**
 * School fees end to end, through the reference backend and its sandboxes: the session carries
 * the merchant's reference, the items and the payer's name; the element shows them; once paid,
 * every provider's paid panel shows the proof of payment, which prints as a clean receipt. Dollr
 * with a fee the payer bears: the headline and the paid panel say the total the payer paid.
 */
const SCREENSHOTS = '.tmp/screenshots';
const SCHOOL = {
  reference: 'Ana Silva P5',
  payer: { name: 'Maria Silva' },
  description: 'Term 1 school fees',
};

interface Case {
  provider: string;
  method: string;
  amount: string;
  currency: string;
  phone?: string;
  /** The provider links its own receipt. */
  receipt?: boolean;
}

const CASES: Case[] = [
  { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX' },
  { provider: 'mtn-momo', method: 'request-to-pay', amount: '150000', currency: 'UGX', phone: '256772123456' },
  { provider: 'momo-vn', method: 'wallet', amount: '259000', currency: 'VND' },
  { provider: 'mom-factura', method: 'mcx', amount: '45000', currency: 'AOA', phone: '244923000000', receipt: true },
  { provider: 'mom-factura', method: 'reference', amount: '45000', currency: 'AOA', receipt: true },
  { provider: 'dollr', method: 'collection', amount: '25.00', currency: 'USD', phone: '231881234567', receipt: true },
];

async function createCheckout(request: APIRequestContext, { provider, method, amount, currency }: Case, extra: Record<string, unknown> = {}) {
  const response = await request.post('/demo/checkouts', { data: { provider, method, amount, currency, ...SCHOOL, ...extra } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; token: string };
}

/** The sandbox payer approves, once the payment has reached the provider (a push: once it was sent). */
async function approve(request: APIRequestContext, id: string) {
  await expect(async () => expect((await request.post(`/sandbox/checkouts/${id}/approve`)).status()).toBe(202)).toPass({ timeout: 10_000 });
}

async function open(page: Page, token: string): Promise<Locator> {
  await page.goto(`/csp.html#token=${token}`);
  const element = page.locator('momo-checkout');
  await expect(element.locator('[part~="amount"]')).toBeVisible();
  return element;
}

/** The proof's rows, label → value, as read. */
const proofRows = (element: Locator) =>
  element
    .locator('[part~="payment-proof"] > div')
    .evaluateAll((rows) => Object.fromEntries(rows.map((row) => [row.querySelector('dt')!.textContent!.trim(), row.querySelector('dd')!.textContent!.replace(/\s+/g, ' ').trim()])));

for (const c of CASES) {
  test(`${c.provider} ${c.method}: reference, payer and items shown; paid with a proof of payment`, async ({ page, request }) => {
    await page.setViewportSize({ width: 390, height: 900 });
    const checkout = await createCheckout(request, c, { items: [{ name: 'Tuition, term 1', quantity: 1, unitAmount: c.amount }] });
    const element = await open(page, checkout.token);
    await expect(element.locator('[part~="reference"]')).toHaveText(SCHOOL.reference);
    await expect(element.locator('[part~="payer-name"]')).toHaveText(SCHOOL.payer.name);
    await expect(element.locator('[part~="items"] li')).toHaveText([/^Tuition, term 1 × 1\s*\S/]);
    if (c.phone) {
      await element.locator('[part~="phone-input"]').fill(c.phone);
      await element.locator('[part~="pay-button"]').click();
      await expect(element.locator('[part~="push-wait"]')).toBeVisible();
    }
    await approve(request, checkout.id);
    await expect(element.locator('[part~="final"][data-status="paid"]')).toBeVisible({ timeout: 15_000 });
    const rows = await proofRows(element);
    expect(Object.keys(rows)).toEqual(expect.arrayContaining([en.proof.amount, en.proof.paidAt, en.proof.merchant, en.details.reference, en.details.payer]));
    expect(rows[en.details.reference]).toBe(SCHOOL.reference);
    expect(rows[en.proof.paidAt]).toMatch(/\d{1,2}:\d\d/);
    // Every provider here gives its transaction id.
    await expect(element.locator('[part~="transaction-id"]')).toHaveText(/\S{4,}/);
    if (c.receipt) await expect(element.locator('[part~="receipt"]')).toHaveAttribute('href', /^https?:\/\//);
  });
}

test('Dollr, the payer bears the fee: the headline and the paid panel say the total, and the receipt prints clean', async ({ page, request }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  const dollr = CASES.find((c) => c.provider === 'dollr')!;
  const checkout = await createCheckout(request, dollr, { locale: 'en' });
  const element = await open(page, checkout.token);
  const amount = element.locator('[part~="amount"]');
  const before = await amount.innerText();
  expect(before).toMatch(/25\.00/);
  await expect(element.locator('[part~="charge"]')).toHaveCount(0);
  await element.locator('[part~="phone-input"]').fill('231881234567');
  await element.locator('[part~="pay-button"]').click();
  await expect(element.locator('[part~="push-wait"]')).toBeVisible();
  // The fee applies once the request went out: 25.00 + 1.00.
  await expect(amount).toHaveText(/26\.00/);
  await expect(element.locator('[part~="charge"]')).toHaveText(/25\.00.*\+.*1\.00/);
  await approve(request, checkout.id);
  const final = element.locator('[part~="final"][data-status="paid"]');
  await expect(final).toBeVisible({ timeout: 15_000 });
  await expect(final.locator('h2 + p')).toContainText(/You paid \S+\s?26\.00/);
  const rows = await proofRows(element);
  expect(rows[en.proof.amount]).toMatch(/26\.00.*25\.00.*\+.*1\.00/);
  await element.screenshot({ path: `${SCREENSHOTS}/receipt-dollr-phone.png` });

  // The print button prints the page (stubbed: headless Chromium would print for real).
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void (window as unknown as { printed: number }).printed++;
  });
  await element.locator('[part~="print-button"]').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  await page.emulateMedia({ media: 'print' });
  for (const name of ['print-button', 'copy-button', 'receipt', 'status']) await expect(element.locator(`[part~="${name}"]`), name).toBeHidden();
  await expect(final.locator('h2 + p')).toBeHidden();
  for (const name of ['merchant', 'amount', 'reference', 'payer-name', 'payment-proof', 'transaction-id']) await expect(element.locator(`[part~="${name}"]`), name).toBeVisible();
  expect(await element.locator('[part~="card"]').evaluate((card) => getComputedStyle(card).backgroundColor)).toBe('rgb(255, 255, 255)');
  expect(await amount.evaluate((node) => getComputedStyle(node).color)).toBe('rgb(0, 0, 0)');
  await element.screenshot({ path: `${SCREENSHOTS}/receipt-dollr-print.png` });
  // A4 and an 80 mm thermal roll both take it on one page.
  for (const format of [{ format: 'A4' }, { width: '80mm', height: '297mm' }]) {
    const pdf = await page.pdf({ ...format, printBackground: true });
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length, JSON.stringify(format)).toBe(1);
  }
});

test('Mom Factura bank reference: the printed slip has the issue date, the reference and the payer', async ({ page, request }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const checkout = await createCheckout(request, CASES.find((c) => c.method === 'reference')!, { locale: 'en' });
  const element = await open(page, checkout.token);
  const slip = element.locator('[part~="bank-reference"]');
  await expect(slip.locator('dt', { hasText: en.bank.issued })).toBeVisible();
  const today = new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(new Date());
  await expect(slip.locator('dt', { hasText: en.bank.issued }).locator('+ dd')).toHaveText(today);
  await page.emulateMedia({ media: 'print' });
  for (const name of ['bank-reference', 'reference', 'payer-name', 'amount']) await expect(element.locator(`[part~="${name}"]`), name).toBeVisible();
  await expect(element.locator('[part~="print-button"]')).toBeHidden();
  await element.screenshot({ path: `${SCREENSHOTS}/bank-slip-print.png` });
});

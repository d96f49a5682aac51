import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import type * as ServerModule from '../../src/server.js';

/**
 * A merchant page that renders the checkout on its server (the built `momo-checkout/server`,
 * dist/lib/server.js) and serves it under a strict Content-Security-Policy whose `style-src`
 * lists `styleHashes` and nothing inline. The page is the backend's own origin (routed by the
 * browser), so `connect-src 'self'` reaches the real backend.
 */
const { renderCheckout } = (await import(new URL('../../dist/lib/server.js', import.meta.url).href)) as typeof ServerModule;
const hydrateScript = () => readFile(new URL('../../dist/lib/momo-checkout.hydrate.iife.js', import.meta.url));

const policy = (styleHashes: string[]): string => `default-src 'none'; script-src 'self'; style-src ${styleHashes.join(' ')}; img-src 'self' data:; connect-src 'self'`;

async function renderedCheckout(page: Page, device: 'phone' | 'desktop') {
  const created = await page.request.post('/demo/checkouts', {
    data: { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: `SSR-${Date.now().toString(36)}`, description: 'Term 1 fees' },
  });
  expect(created.status()).toBe(201);
  const { id, token } = (await created.json()) as { id: string; token: string };
  const read = await page.request.get('/v1/session', { headers: { authorization: `Bearer ${token}` } });
  expect(read.status()).toBe(200);
  return { id, ...(await renderCheckout({ token, session: await read.json(), device, locale: 'fr' })) };
}

/** Serves `/ssr-page` (the HTML under its policy) and `/ssr-page/hydrate.js` from the page's origin. */
async function servePage(page: Page, html: string, styleHashes: string[], withScript: boolean): Promise<string[]> {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') refused.push(message.text());
  });
  await page.route('**/ssr-page', (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      headers: { 'content-security-policy': policy(styleHashes) },
      body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Payer</title>${withScript ? '<script src="/ssr-page/hydrate.js" defer></script>' : ''}</head><body>${html}</body></html>`,
    }),
  );
  await page.route('**/ssr-page/hydrate.js', async (route) => route.fulfill({ contentType: 'text/javascript', body: await hydrateScript() }));
  return refused;
}

test.describe('a server-rendered checkout under a strict CSP', () => {
  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('is styled and usable: codes and QR shown, what needs script hidden', async ({ page }) => {
      const { html, styleHashes } = await renderedCheckout(page, 'desktop');
      const refused = await servePage(page, html, styleHashes, false);
      await page.goto('/ssr-page');
      const checkout = page.locator('momo-checkout');
      // Styled: the card's own rules applied (the <style> passed the policy by its hash).
      await expect(checkout.locator('[part~="card"]')).toHaveCSS('border-radius', '14px');
      await expect(checkout.locator('[part~="merchant"]')).toBeVisible();
      await expect(checkout.locator('[part~="ussd-code"]')).toBeVisible();
      await expect(checkout.locator('[part~="qr"] svg')).toBeVisible();
      await expect(checkout.locator('[part~="status"]')).toContainText('En attente de votre paiement');
      await expect(checkout.locator('[part~="copy-button"]').first()).toBeHidden();
      expect(refused).toEqual([]);
    });
  });

  test('with the hydrating script: taken over in place, no violation, then paid', async ({ page }) => {
    const { id, html, styleHashes } = await renderedCheckout(page, 'desktop');
    const refused = await servePage(page, html, styleHashes, true);
    await page.goto('/ssr-page');
    await page.waitForFunction(() => customElements.get('momo-checkout') !== undefined);
    const checkout = page.locator('momo-checkout');
    await expect(checkout.locator('[part~="copy-button"]').first()).toBeVisible();
    await expect(checkout.locator('[part~="card"]')).toHaveCount(1);
    const approved = await page.request.post(`/sandbox/checkouts/${id}/approve`);
    expect(approved.ok()).toBe(true);
    await expect(checkout.locator('[part~="final"]')).toBeVisible();
    await expect(checkout.locator('[part~="card"]')).toHaveCount(1);
    expect(refused).toEqual([]);
  });
});

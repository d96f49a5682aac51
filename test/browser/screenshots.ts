/**
 * Screenshots of the script-tag build (dist/lib/momo-checkout.iife.js) against a real
 * backend, for docs/screenshots. Run after `vite build`:
 *   npx tsx test/browser/screenshots.ts [outDir]
 * The host page deliberately declares no charset: the IIFE must read right anyway.
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server-example/server';

const outDir = process.argv[2] ?? 'docs/screenshots';
const iife = await readFile('dist/lib/momo-checkout.iife.js');

// A merchant page on its own origin, embedding the element with a bare <script src>.
const shop = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://shop');
  if (url.pathname === '/momo-checkout.js') {
    response.setHeader('content-type', 'text/javascript');
    return response.end(iife);
  }
  const token = (url.searchParams.get('token') ?? '').replace(/[^\w.-]/g, '');
  response.setHeader('content-type', 'text/html');
  response.end(`<!doctype html><html><head><meta name="viewport" content="width=device-width">
<style>body { margin: 0; padding: 32px 16px; background: #eef1f5 } momo-checkout { margin: 0 auto }</style>
<script src="/momo-checkout.js"></script></head><body><momo-checkout token="${token}"></momo-checkout></body></html>`);
});
await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
const shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;

const dataDir = await mkdtemp(join(tmpdir(), 'momo-shots-'));
const backend = await startServer({ port: 0, dataDir, quiet: true, reconcileIntervalMs: 500 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});

async function createCheckout(): Promise<{ id: string; token: string }> {
  const response = await fetch(`${backend.url}/demo/checkouts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      provider: 'mtn-momo',
      method: 'invoice',
      amount: '150000',
      currency: 'UGX',
      reference: `INV-${Math.random().toString(36).slice(2, 8)}`,
      description: 'Term 1 school fees',
    }),
  });
  return (await response.json()) as { id: string; token: string };
}

const actAsPayer = (id: string, action: 'approve' | 'decline') =>
  fetch(`${backend.url}/sandbox/checkouts/${id}/${action}`, { method: 'POST' });

const waitForPart = (name: string) => (page: Page) =>
  page.waitForFunction((part) => document.querySelector('momo-checkout')?.shadowRoot?.querySelector(`[part~="${part}"]`), name);

interface ShotOptions {
  width: number;
  ready?: (page: Page) => Promise<unknown>;
  phone?: boolean;
  /** Never answer the session request, to capture the loading skeleton. */
  stallSession?: boolean;
}

async function shot(name: string, token: string, { width, ready, phone = false, stallSession = false }: ShotOptions) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 2, isMobile: phone, hasTouch: phone });
  page.on('pageerror', (error) => console.error(`[${name}] ${error}`));
  if (stallSession) await page.route(`${backend.url}/v1/session`, () => {});
  await page.goto(`${shopUrl}/?token=${token}`);
  await ready?.(page);
  await page.evaluate(() => document.fonts.ready);
  const box = (await page.locator('momo-checkout').boundingBox())!;
  await page.screenshot({
    path: `${outDir}/${name}.png`,
    animations: 'disabled',
    clip: { x: Math.max(0, box.x - 16), y: box.y - 16, width: Math.min(width, box.width + 32), height: box.height + 32 },
  });
  await page.close();
}

try {
  const pending = await createCheckout();
  await shot('checkout-desktop', pending.token, { width: 520, ready: waitForPart('instructions') });
  await shot('checkout-320px', pending.token, { width: 320, ready: waitForPart('instructions') });
  await shot('checkout-phone', pending.token, { width: 360, ready: waitForPart('instructions'), phone: true });
  await shot('checkout-loading', pending.token, { width: 520, stallSession: true });

  const paid = await createCheckout();
  await actAsPayer(paid.id, 'approve');
  await shot('checkout-paid', paid.token, { width: 520, ready: waitForPart('final') });

  const failed = await createCheckout();
  await actAsPayer(failed.id, 'decline');
  await shot('checkout-failed', failed.token, { width: 520, ready: waitForPart('final') });

  const [header, payload, signature] = pending.token.split('.');
  const tampered = `${header}.${payload}.${signature!.slice(0, -4)}AAAA`;
  await shot('checkout-error', tampered, { width: 520, ready: waitForPart('error') });
  console.log(`screenshots written to ${outDir}/`);
} finally {
  await browser.close();
  await backend.close();
  shop.close();
  await rm(dataDir, { recursive: true, force: true });
}

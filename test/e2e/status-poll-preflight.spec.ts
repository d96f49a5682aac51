import { expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../server-example/server';
import { logLines } from '../server/log-lines';

/**
 * A merchant's page on another origin than the backend follows a checkout by polling (the backend
 * runs without event streams). Each poll carries the token in `Authorization`, so each one needs a
 * CORS preflight unless Chromium may reuse the first preflight's answer: it does not for fetches
 * made with `cache: 'no-store'`, `'no-cache'` or `'reload'`, nor for conditional ones (`If-None-Match`
 * makes Fetch treat the request as `no-store`). Requests are counted where they arrive, in the
 * backend's own request log. The page loads the script-tag build (`vite build` first).
 */
let backend: RunningServer;
let dataDir: string;
let shop: Server;
const logs = logLines();

/** Requests the backend answered, from its log line `from` on, as `METHOD /path`, in the order it answered them. */
const answered = (from: number): string[] =>
  logs.lines
    .slice(from)
    .filter((line) => line.msg === 'request')
    .map((line) => `${line.method} ${line.path}`);

test.beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'momo-e2e-preflight-'));
  // Debug: the status poll's request lines are logged at that level only.
  backend = await startServer({ port: 0, dataDir, sse: false, reconcile: false, config: { logLevel: 'debug' }, logDestination: logs.destination });
  const script = `${backend.url}/lib/momo-checkout.iife.js`;
  shop = createServer((request, response) => {
    const token = new URL(request.url ?? '/', 'http://shop').searchParams.get('token') ?? '';
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><momo-checkout token="${token}"></momo-checkout><script src="${script}"></script></body></html>`,
    );
  });
  // 127.0.0.1 while the backend is on localhost: another origin on the same machine.
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => shop.close(() => resolve()));
  await backend.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('a cross-origin page polling the status sends one preflight per path, not one per poll', async ({ page, request }) => {
  const created = await request.post(`${backend.url}/demo/checkouts`, {
    data: { provider: 'mtn-momo', method: 'invoice', amount: '15000', currency: 'UGX', reference: `PRE-${Date.now().toString(36)}` },
  });
  expect(created.status()).toBe(201);
  const { token } = (await created.json()) as { token: string };
  const from = logs.lines.length;
  const polls = (): number => answered(from).filter((seen) => seen === 'GET /v1/session/status').length;

  // The element's timers are the test's to run (they run on their own too).
  await page.clock.install();
  await page.goto(`http://127.0.0.1:${(shop.address() as AddressInfo).port}/?token=${encodeURIComponent(token)}`);
  await expect(page.locator('momo-checkout').locator('[part~="ussd-code"]')).toBeVisible();
  // The event stream is refused (503 without SSE): the element polls.
  const POLLS = 6;
  await expect
    .poll(
      async () => {
        await page.clock.runFor(1_000);
        return polls();
      },
      { timeout: 20_000, intervals: [50] },
    )
    .toBeGreaterThanOrEqual(POLLS);

  const preflights = answered(from).filter((seen) => seen.startsWith('OPTIONS '));
  // Cross-origin indeed: the session load, the page's first request to the backend, was preflighted.
  expect(preflights).toContain('OPTIONS /v1/session');
  // At most one per path however many polls: Chromium reused the answer (Access-Control-Max-Age).
  expect(preflights).toEqual([...new Set(preflights)]);
});

import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { requestOrigin } from '../http/request-origin';
import type { Clock } from '../lifecycle/clock';
import type { ProviderAdapter } from '../providers/types';
import { demoOriginsOnly } from './demo-same-origin';
import { demoWebhookRoutes } from './demo-webhooks';

/**
 * The demo page's merchant server: it creates checkouts through the merchant API with the
 * merchant key, which therefore never reaches the browser, and receives the backend's webhooks.
 * Mounted only with the demo on (DEMO), for the page on the backend's own origin.
 */
export function demoRoutes({
  merchantApi,
  providers,
  webhookSecret,
  clock,
  log,
  origins,
}: {
  merchantApi: (path: string, init: RequestInit) => Promise<Response>;
  providers: ReadonlyMap<string, ProviderAdapter>;
  /** The key the backend signs its webhooks with: the receiver checks them against it. */
  webhookSecret: string;
  clock: Clock;
  log: Logger;
  /** Other origins whose pages may use these routes (`DEMO_ORIGINS`). */
  origins?: readonly string[];
}) {
  const app = new Hono();
  // No auth, so no other site's page may use them through a visitor's browser.
  app.use('*', demoOriginsOnly(origins));

  /** What the demo's pickers offer: every provider this backend has, its methods, their currencies and amounts. */
  app.get('/providers', (c) =>
    c.json(
      [...providers.values()].map((adapter) => ({
        id: adapter.id,
        methods: Object.entries(adapter.methods).map(([id, method]) => ({ id, currencies: method.currencies, amount: method.amount, push: Boolean(method.phone) })),
      })),
    ),
  );

  app.post('/checkouts', async (c) => {
    // The merchant API sees the host the page was opened at, so the token names it (outside production).
    const origin = requestOrigin(c);
    const forwarded: Record<string, string> = origin ? { 'X-Forwarded-Host': new URL(origin).host, 'X-Forwarded-Proto': new URL(origin).protocol.slice(0, -1) } : {};
    const response = await merchantApi('/v1/checkouts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': c.req.header('idempotency-key') ?? randomUUID(), ...forwarded },
      body: await c.req.text(),
    });
    c.header('Content-Type', 'application/json');
    return c.body(await response.text(), response.status as 201);
  });

  app.route('/webhooks', demoWebhookRoutes({ secret: webhookSecret, clock, log }));

  return app;
}

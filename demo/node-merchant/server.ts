/**
 * A merchant's own Node server (node:http, no framework) showing the checkout on its order page:
 * it creates the checkout on the momo-checkout backend with its API key, renders the element on
 * the server (`momo-checkout/server`) and serves the page under a strict Content-Security-Policy,
 * with the script that brings the element to life (`momo-checkout/hydrate`).
 *
 *   MOMO_BACKEND_URL=http://localhost:8080 MOMO_API_KEY=sk_sandbox npx tsx demo/node-merchant/server.ts
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCheckout, elementBackendOrigin } from './backend';
import { checkoutMarkup } from './checkout-markup';
import { MerchantConfigError, merchantConfig, type MerchantConfig } from './config';
import { payerLanguage } from './locale';
import { findOrder, SAMPLE_ORDER_REF } from './orders';
import { loadPackageAssets, type PackageAssets } from './package-assets';
import { escapeHtml, pageAnswer } from './page';

export const HYDRATE_SCRIPT_PATH = '/momo-checkout.hydrate.iife.js';
const PAY_PATH = /^\/orders\/([A-Za-z0-9_-]{1,64})\/pay$/;

export interface MerchantServerOptions {
  /** 0: any free port. */
  port: number;
  backendUrl: string;
  apiKey: string;
  /** Default 127.0.0.1; 0.0.0.0 to open the page on a phone on the same network. */
  host?: string;
  /** Where its log lines go (one per page, and what failed); the console by default. Never a key or a token. */
  log?: (line: string) => void;
}

export interface MerchantServer {
  /** `http://host:port`, the port bound. */
  url: string;
  close(): Promise<void>;
}

/** What every request is answered with. */
interface Context {
  config: MerchantConfig;
  assets: PackageAssets;
  log: (line: string) => void;
}

function sendPage(res: ServerResponse, status: number, page: Parameters<typeof pageAnswer>[0]) {
  const { html, headers } = pageAnswer(page);
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(html) }).end(html);
}

/** A page with a heading and a sentence: not found, or payment unavailable. */
const sendNotice = (res: ServerResponse, status: number, title: string, text: string) => sendPage(res, status, { lang: 'en', title, main: `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>` });

/** node:http's headers as `deviceFromRequest` reads them (a `Headers` works as it is): `get(name)`. */
const headerGetter = (headers: IncomingHttpHeaders) => ({
  get: (name: string) => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  },
});

/** `GET /orders/:ref/pay`: a new checkout for the order, shown on the page. */
async function payPage(req: IncomingMessage, res: ServerResponse, ref: string, { config, assets, log }: Context) {
  const order = findOrder(ref);
  if (!order) return sendNotice(res, 404, 'Order not found', `There is no order ${ref}.`);
  const created = await createCheckout(config, order, randomUUID());
  if (!created.ok) {
    // The code and message say what to fix (a wrong key: 401); never the key, nor a token.
    log(`order ${order.ref}: the backend did not create a checkout: ${created.status || '-'} ${created.code}: ${created.message}`);
    return sendNotice(res, 502, 'Payment unavailable', 'We could not start the payment. Please try again in a few minutes.');
  }
  // The checkout's language when the merchant gave one, else the payer's browser's.
  const locale = order.locale ?? payerLanguage(req.headers['accept-language']);
  const device = assets.renderer.deviceFromRequest(headerGetter(req.headers));
  const element = await checkoutMarkup(assets.renderer, created.checkout, { device, locale }, log);
  // The id is what the sandbox's payer routes take: POST /sandbox/checkouts/<id>/approve.
  log(`order ${order.ref}: checkout ${created.checkout.id}, ${element.rendered ? 'rendered on the server' : 'read by the element'}`);
  sendPage(res, 200, {
    lang: element.lang,
    title: `Pay ${order.description}`,
    main: element.html,
    scriptSrc: HYDRATE_SCRIPT_PATH,
    styleHashes: element.styleHashes,
    connectOrigin: elementBackendOrigin(created.checkout.token, config.backendUrl),
  });
}

/** The package's hydrating script, from memory; revalidated by its hash, so an upgrade reaches browsers at once. */
function hydrateScript(req: IncomingMessage, res: ServerResponse, { body, etag }: PackageAssets['hydrateScript']) {
  const headers = { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', ETag: etag, 'X-Content-Type-Options': 'nosniff' };
  if (req.headers['if-none-match'] === etag) return res.writeHead(304, headers).end();
  res.writeHead(200, { ...headers, 'Content-Length': body.byteLength }).end(req.method === 'HEAD' ? undefined : body);
}

async function route(req: IncomingMessage, res: ServerResponse, context: Context) {
  const path = new URL(req.url ?? '/', 'http://merchant.invalid').pathname;
  if (path === HYDRATE_SCRIPT_PATH) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return hydrateScript(req, res, context.assets.hydrateScript);
  }
  // Pages create checkouts: GET only (a HEAD would create one too).
  if (req.method !== 'GET') return res.writeHead(405, { Allow: 'GET' }).end();
  // Browsers ask for it: no icon, and no 404 in the console.
  if (path === '/favicon.ico') return res.writeHead(204, { 'Cache-Control': 'public, max-age=86400' }).end();
  if (path === '/') return res.writeHead(303, { Location: `/orders/${SAMPLE_ORDER_REF}/pay`, 'Cache-Control': 'no-store' }).end();
  const ref = PAY_PATH.exec(path)?.[1];
  if (ref) return payPage(req, res, ref, context);
  sendNotice(res, 404, 'Not found', 'There is no such page.');
}

/** Validates the settings, loads the built package, listens; `close()` stops it. */
export async function startMerchantServer({ port, backendUrl, apiKey, host = '127.0.0.1', log = console.log }: MerchantServerOptions): Promise<MerchantServer> {
  const context: Context = { config: merchantConfig(backendUrl, apiKey), assets: await loadPackageAssets(), log };
  const server = createServer((req, res) => {
    route(req, res, context).catch((err: unknown) => {
      log(`${req.method} ${req.url}: ${(err as Error).message}`);
      if (!res.headersSent) sendNotice(res, 502, 'Payment unavailable', 'We could not start the payment. Please try again in a few minutes.');
      else res.destroy();
    });
  });
  await new Promise<void>((listening, failed) => server.once('error', failed).listen(port, host, listening));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise<void>((closed, failed) => {
        server.close((err) => (err ? failed(err) : closed()));
        server.closeAllConnections();
      }),
  };
}

// Run directly (`npx tsx demo/node-merchant/server.ts`): settings from the environment.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 3000);
  try {
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MerchantConfigError('PORT must be a port number, e.g. 3000');
    const { url } = await startMerchantServer({ port, backendUrl: process.env.MOMO_BACKEND_URL ?? '', apiKey: process.env.MOMO_API_KEY ?? '', host: process.env.HOST ?? '127.0.0.1' });
    console.log(`\n  merchant page: ${url}/  (backend: ${process.env.MOMO_BACKEND_URL})\n`);
  } catch (err) {
    // A setting or a missing build: the message is the whole story.
    console.error((err as Error).message);
    process.exit(1);
  }
}

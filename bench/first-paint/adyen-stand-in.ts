/**
 * What Adyen's servers answer while Adyen Web shows a QR action, on loopback: the bench never
 * reaches Adyen. Adyen Web's QR component shows a spinner until its first payment-status check
 * answers (POST `services/PaymentInitiation/v1/status`, preflighted: a JSON body), then an
 * `<img>` of the QR drawn by Adyen's server (`utility/v1/barcode.png?data=…`). Both round trips
 * are part of what a payer waits for with Adyen, so they are answered here, through the same
 * throttled link as everything else: "pending", and a real PNG of the payload (the `qrcode`
 * package, as Adyen's is a PNG). Analytics calls get an attempt id, logos a plain one; anything else a 404.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';

export interface AdyenStandIn {
  /** Adyen Web's `_environmentUrls`: the API (also the QR images' host), analytics, the CDN. */
  urls: { api: string; analytics: string; cdn: { images: string; translations: string } };
  close(): Promise<void>;
}

/** Adyen Web checks that a `test_` client key goes to an API URL with "test" in it, as checkoutshopper-test.adyen.com has. */
const API = '/checkoutshopper-test/';
/** A stand-in brand logo for the QR's header (Adyen's CDN serves one per payment method). */
const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="26" viewBox="0 0 40 26"><rect width="40" height="26" rx="3" fill="#113566"/></svg>';

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'Accept, Content-Type', 'access-control-allow-methods': 'GET, POST' };

function json(response: ServerResponse, body: unknown) {
  response.writeHead(200, { ...CORS, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function answer(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://adyen');
  // The request's body (a status check's paymentData, analytics' metadata) says nothing the answer depends on.
  request.resume();
  if (request.method === 'OPTIONS') return void response.writeHead(204, { ...CORS, 'access-control-max-age': '600' }).end();
  if (request.method === 'POST' && url.pathname === `${API}services/PaymentInitiation/v1/status`) return json(response, { type: 'pending', resultCode: 'pending' });
  if (request.method === 'POST' && url.pathname.startsWith('/checkoutanalytics/v3/analytics')) return json(response, { checkoutAttemptId: 'bench-attempt' });
  if (request.method === 'GET' && url.pathname === `${API}utility/v1/barcode.png`) {
    const data = url.searchParams.get('data');
    if (!data) return void response.writeHead(400, { ...CORS, 'content-type': 'text/plain' }).end('barcode.png takes the QR payload as `data`.');
    const png = await QRCode.toBuffer(data, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
    return void response.writeHead(200, { ...CORS, 'content-type': 'image/png', 'content-length': png.length }).end(png);
  }
  if (request.method === 'GET' && /^\/cdn\/images\/logos\/[\w-]+\.svg$/.test(url.pathname)) return void response.writeHead(200, { ...CORS, 'content-type': 'image/svg+xml' }).end(LOGO);
  response.writeHead(404, { ...CORS, 'content-type': 'text/plain' }).end(`${url.pathname} is not stood in for.`);
}

export async function startAdyenStandIn(): Promise<AdyenStandIn> {
  const server = createServer((request, response) => {
    answer(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(400, { ...CORS, 'content-type': 'text/plain' }).end('That payload does not fit a QR code.');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: { api: `${origin}${API}`, analytics: `${origin}/checkoutanalytics/`, cdn: { images: `${origin}/cdn/`, translations: `${origin}/cdn/` } },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

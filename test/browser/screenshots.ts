/**
 * Screenshots of the script-tag build (dist/lib/momo-checkout.iife.js) for docs/screenshots:
 * the checkout against a real backend, and each way to pay (`view-<kind>.png`) from fixture
 * sessions served by a route in the page. Run after `vite build`:
 *   npx tsx test/browser/screenshots.ts [outDir] [--views] [--all-devices]
 * `--views`: the ways to pay only (no backend). `--all-devices`: each view on the other device
 * too, and the push view's other states (`view-<kind>-<variant>.png`). `--dark`: a few views in
 * the dark theme too (`dark-<device>-<view>.png`).
 * `--locales=en,vi`: also every view and state in each of those locales (the `locale`
 * attribute), on a phone (390×844) and a desktop (1280×800): `<locale>-<device>-<name>.png`.
 * `--phone-width=320`: those phones narrower (or wider), to see the smallest phones; `--phone-height=740` shorter.
 * The host page deliberately declares no charset: the IIFE must read right anyway.
 */
import { chromium, type Page, type Route } from '@playwright/test';
import QRCode from 'qrcode';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Instruction, Session } from '../../contract';
import { qrCodesFor } from '../../server-example/checkouts/qr-codes';

const args = process.argv.slice(2);
const outDir = args.find((arg) => !arg.startsWith('--')) ?? 'docs/screenshots';
const viewsOnly = args.includes('--views');
const allDevices = args.includes('--all-devices');
const darkToo = args.includes('--dark');
const locales =
  args
    .find((arg) => arg.startsWith('--locales='))
    ?.slice('--locales='.length)
    .split(',') ?? [];
const phoneWidth = Number(args.find((arg) => arg.startsWith('--phone-width='))?.slice('--phone-width='.length) ?? 390);
const phoneHeight = Number(args.find((arg) => arg.startsWith('--phone-height='))?.slice('--phone-height='.length) ?? 844);
const iife = await readFile('dist/lib/momo-checkout.iife.js');

// A merchant page on its own origin, embedding the element with a bare <script src>.
const shop = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://shop');
  if (url.pathname === '/momo-checkout.js') {
    response.setHeader('content-type', 'text/javascript');
    return response.end(iife);
  }
  const token = (url.searchParams.get('token') ?? '').replace(/[^\w.-]/g, '');
  const locale = (url.searchParams.get('locale') ?? '').replace(/[^\w-]/g, '');
  response.setHeader('content-type', 'text/html');
  response.end(`<!doctype html><html><head><meta name="viewport" content="width=device-width">
<style>body { margin: 0; padding: 32px 16px; background: #eef1f5 } momo-checkout { margin: 0 auto }
@media (prefers-color-scheme: dark) { body { background: #020617 } }</style>
<script src="/momo-checkout.js"></script></head><body><momo-checkout token="${token}"${locale ? ` locale="${locale}"` : ''}></momo-checkout></body></html>`);
});
await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
const shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;

const dataDir = await mkdtemp(join(tmpdir(), 'momo-shots-'));
const backend = viewsOnly
  ? { url: 'http://127.0.0.1:9', close: async () => {} }
  : await (await import('../../server-example/server')).startServer({ port: 0, dataDir, quiet: true, reconcileIntervalMs: 500 });
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

/** Where the fixture sessions are served from, inside the page only. */
const FAKE_ISS = 'https://momo.test';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned token: the element only decodes it, and the fake backend never checks it. */
const fakeToken = () => `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ iss: FAKE_ISS, sub: 'chk_view', aud: 'momo-checkout', exp: 4_102_444_800 })}.c2ln`;

/** `tokenEnded`: status reads are refused with `TOKEN_EXPIRED` and no status, as past the settle window of a checkout not settled yet. */
function fakeBackend(route: Route, session: Session, tokenEnded = false): Promise<void> {
  const { pathname } = new URL(route.request().url());
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type' };
  if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
  const json = (status: number, body: unknown) => route.fulfill({ status, headers: cors, contentType: 'application/json', body: JSON.stringify(body) });
  const pending = { status: 'pending', updatedAt: new Date().toISOString() };
  if (pathname === '/v1/session') return json(200, session);
  if (pathname === '/v1/session/status' && tokenEnded) return json(401, { error: { code: 'TOKEN_EXPIRED', message: 'The checkout token has expired.' } });
  if (pathname === '/v1/session/status') return json(200, { ...pending, status: session.status, reason: session.reason });
  if (pathname === '/v1/session/pay') {
    // As the backend answers a push: where it went, masked, and when.
    const digits = String((route.request().postDataJSON() as { phone?: unknown }).phone ?? '');
    return json(202, { ...pending, sent: { to: `+${digits.slice(0, 3)} ${digits.slice(3, 5)}• ••• ${digits.slice(-3)}`, at: pending.updatedAt, canResend: false } });
  }
  return json(503, { error: { code: 'SSE_UNAVAILABLE', message: 'Fixture backend: poll instead.' } });
}

/** A fixture session, its QR codes encoded as the backend serves them. */
const session = (instructions: Instruction[], overrides: Partial<Session> = {}): Session => ({
  id: 'chk_view',
  merchant: 'Kampala Parents School',
  amount: '150000',
  currency: 'UGX',
  description: 'Term 1 school fees',
  status: 'pending',
  expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
  locale: 'en-GB',
  country: 'UG',
  createdAt: new Date(Date.now() - 60_000).toISOString(),
  instructions,
  qrCodes: qrCodesFor(instructions),
  ...overrides,
});

const angola = { merchant: 'Colégio Girassol', amount: '45000.00', currency: 'AOA', description: 'Propina de dezembro', locale: 'en-GB', country: 'AO' };
const vietnam = { merchant: 'Cửa hàng Minh An', amount: '259000', currency: 'VND', description: 'Đơn hàng #1042', locale: 'en', country: 'VN' };
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
/** School fees, paid: what for and by whom above the proof of payment, which prints as the receipt. */
const schoolPaid = session([], {
  status: 'paid',
  reference: 'Ana Silva P5',
  payerName: 'Maria Silva',
  items: [
    { name: 'Tuition, term 1', quantity: 1, unitAmount: '120000' },
    { name: 'Exercise books', quantity: 3, unitAmount: '10000' },
  ],
  payment: { paidAt: '2026-03-02T09:41:00.000Z', transactionId: 'MP260302.0941.A12345' },
});

/** One fixture session per way to pay, and the device that shows it best. */
const VIEWS = {
  deeplink: {
    best: 'phone',
    session: session(
      [
        {
          kind: 'deeplink',
          url: 'momo://app?action=payWithApp&isScanQR=false&serviceType=app&sid=TU9NT3xPMTc2MzgxMjM0NQ&v=3.0',
          appName: 'MoMo',
          webUrl: 'https://test-payment.momo.vn/v2/gateway/pay?t=TU9NT3xPMTc2MzgxMjM0NQ',
        },
      ],
      vietnam,
    ),
  },
  qr: {
    best: 'desktop',
    session: session([{ kind: 'qr', image: await QRCode.toDataURL('ekwanza:482913307', { margin: 0, width: 240 }), expiresAt: inMinutes(3) }], angola),
  },
  'bank-reference': {
    best: 'desktop',
    // School fees in Angola: the pupil's reference, the parent's name, and the slip's issue date.
    session: session([{ kind: 'bank-reference', entity: '11223', reference: '123456789', amount: '45000.00', dueDate: '2026-12-05' }], {
      ...angola,
      reference: 'Ana Silva 5.º B',
      payerName: 'Maria Silva',
      createdAt: '2026-11-20T08:30:00.000Z',
    }),
  },
  code: { best: 'phone', session: session([{ kind: 'code', code: '482913307', expiresAt: inMinutes(3) }], angola) },
  ussd: { best: 'phone', session: session([{ kind: 'ussd', code: '*165*3*58213907*1#' }]) },
  // MTN's invoice, the main way to pay: a QR of the USSD string beside the code to dial.
  'ussd-qr': {
    best: 'desktop',
    session: session([
      { kind: 'ussd', code: '*165*3*58213907*1#' },
      { kind: 'qr', payload: '*165*3*58213907*1#' },
    ]),
  },
  push: {
    best: 'phone',
    session: session([
      {
        kind: 'push',
        needsPhone: true,
        phonePattern: '^2567\\d{8}$',
        phoneExample: '256772123456',
        phoneRules: { country: 'UG', callingCode: '256', nationalPrefix: '0', lengths: [9], groups: [3, 3, 3] },
        operators: ['MTN MoMo'],
      },
    ]),
  },
  // Dollr in Liberia: the payer bears the fee, shown before they send the request.
  'push-fee': {
    best: 'phone',
    session: session(
      [
        {
          kind: 'push',
          needsPhone: true,
          phonePattern: '^231(?:77|88|55)\\d{7}$',
          phoneExample: '231881234567',
          phoneRules: { country: 'LR', callingCode: '231', nationalPrefix: '0', lengths: [7, 8, 9], groups: [2, 3, 4] },
          operators: ['MTN', 'Orange'],
          fee: { amount: '0.80', currency: 'USD', payerAmount: '20.80' },
        },
      ],
      { merchant: 'Monrovia Learning Center', amount: '20.00', currency: 'USD', description: 'Exam registration', locale: 'en', country: 'LR' },
    ),
  },
} satisfies Record<string, { session: Session; best: 'phone' | 'desktop' }>;

/** Types a phone number into the push view and sends it. */
const submitPhone = (digits: string) => async (page: Page) => {
  await waitForPart('phone-input')(page);
  await page.locator('momo-checkout').locator('[part~=phone-input]').fill(digits);
  await page.locator('momo-checkout').locator('[part~=pay-button]').click();
  await page.waitForFunction(() => document.querySelector('momo-checkout')?.shadowRoot?.querySelector('[part~=phone-error], [part~=push-wait]'));
  await page.mouse.click(1, 1); // no focus ring in the picture
};

/** The payer types their number as Ugandans write it, digit by digit: grouped as they type. */
const typePhone = (typed: string) => async (page: Page) => {
  await waitForPart('phone-input')(page);
  await page.locator('momo-checkout').locator('[part~=phone-input]').pressSequentially(typed);
  await page.mouse.click(1, 1); // no focus ring in the picture
};

/** A push a minute ago, as the session tells it after a reload. */
const PUSH_SENT = { to: '+256 77• ••• 456', at: new Date(Date.now() - 60_000).toISOString(), canResend: false };
const UGANDA_RULES = { country: 'UG', callingCode: '256', nationalPrefix: '0', lengths: [9], groups: [3, 3, 3] };

/** MTN's request-to-pay in Uganda, with the push's state as the backend tells it. */
const pushSession = (overrides: Partial<Session> = {}, push: Partial<Extract<Instruction, { kind: 'push' }>> = {}): Session =>
  session([{ kind: 'push', needsPhone: true, phonePattern: '^256(?:7[678]|39)\\d{7}$', phoneExample: '256772123456', phoneRules: UGANDA_RULES, operators: ['MTN MoMo'], ...push }], overrides);

const openPushHelp = async (page: Page) => {
  await waitForPart('push-help')(page);
  await page.locator('momo-checkout').locator('[part~=push-help] summary').click();
  await page.mouse.click(1, 1); // no focus ring in the picture
};

/** Sends a number while the network is down: the notice instead of the wait screen. */
const failedSend = (typed: string) => async (page: Page) => {
  await page.route(`${FAKE_ISS}/v1/session/pay`, (route) => route.abort('internetdisconnected'));
  await waitForPart('phone-input')(page);
  await page.locator('momo-checkout').locator('[part~=phone-input]').fill(typed);
  await page.locator('momo-checkout').locator('[part~=pay-button]').click();
  await waitForPart('push-notice')(page);
  await page.mouse.click(1, 1);
};

const actAsPayer = (id: string, action: 'approve' | 'decline') => fetch(`${backend.url}/sandbox/checkouts/${id}/${action}`, { method: 'POST' });

const waitForPart = (name: string) => (page: Page) => page.waitForFunction((part) => document.querySelector('momo-checkout')?.shadowRoot?.querySelector(`[part~="${part}"]`), name);

interface ShotOptions {
  width: number;
  height?: number;
  /** The element's `locale` attribute. */
  locale?: string;
  media?: 'print';
  /** Emulate `prefers-color-scheme: dark`. */
  dark?: boolean;
  ready?: (page: Page) => Promise<unknown>;
  phone?: boolean;
  /** Never answer the session request, to capture the loading skeleton. */
  stallSession?: boolean;
  /** Serve this session from a fake backend at FAKE_ISS (the token must name it). */
  session?: Session;
  /** The fake backend stops taking the token once the session is shown (`fakeBackend`). */
  tokenEnded?: boolean;
}

async function shot(name: string, token: string, { width, height = 900, locale, ready, phone = false, stallSession = false, session, tokenEnded = false, media, dark = false }: ShotOptions) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2, isMobile: phone, hasTouch: phone });
  if (media || dark) await page.emulateMedia({ media, colorScheme: dark ? 'dark' : 'light' });
  page.on('pageerror', (error) => console.error(`[${name}] ${error}`));
  if (stallSession) await page.route(/\/v1\/session$/, () => {});
  if (session) await page.route(`${FAKE_ISS}/**`, (route) => fakeBackend(route, session, tokenEnded));
  await page.goto(`${shopUrl}/?token=${token}${locale ? `&locale=${locale}` : ''}`);
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
  if (!viewsOnly) {
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
  }

  for (const [kind, { session, best }] of Object.entries(VIEWS)) {
    const token = fakeToken();
    for (const device of ['phone', 'desktop'] as const) {
      if (device !== best && !allDevices) continue;
      const name = device === best ? `view-${kind}` : `view-${kind}-${device}`;
      await shot(name, token, { width: device === 'phone' ? 390 : 1280, phone: device === 'phone', session, ready: waitForPart('instructions') });
    }
  }
  if (darkToo) {
    const ready = waitForPart('instructions');
    await shot('dark-desktop-qr', fakeToken(), { width: 1280, dark: true, session: VIEWS.qr.session, ready });
    await shot('dark-desktop-bank-reference', fakeToken(), { width: 1280, dark: true, session: VIEWS['bank-reference'].session, ready });
    await shot('dark-phone-push-error', fakeToken(), { width: 390, phone: true, dark: true, session: VIEWS.push.session, ready: submitPhone('2567712') });
    const failed = { ...VIEWS.push.session, status: 'failed', reason: 'insufficient_funds' } satisfies Session;
    await shot('dark-phone-failed', fakeToken(), { width: 390, phone: true, dark: true, session: failed, ready: waitForPart('final') });
  }
  if (allDevices) {
    const push = VIEWS.push.session;
    await shot('view-push-error', fakeToken(), { width: 390, phone: true, session: push, ready: submitPhone('2567712') });
    await shot('view-push-waiting', fakeToken(), { width: 390, phone: true, session: push, ready: submitPhone('256772123456') });
    const slip = VIEWS['bank-reference'].session;
    await shot('view-bank-reference-print', fakeToken(), {
      width: 800,
      media: 'print',
      ready: waitForPart('instructions'),
      session: { ...slip, instructions: [VIEWS.qr.session.instructions[0]!, ...slip.instructions] },
    });
  }
  for (const locale of locales) {
    const ugx = VIEWS.push.session;
    const final = (status: Session['status'], reason?: Session['reason']) => ({ session: { ...ugx, status, reason }, ready: waitForPart('final') });
    const states: Record<string, Pick<ShotOptions, 'session' | 'ready' | 'stallSession' | 'tokenEnded' | 'media'> & { token?: string }> = {
      ...Object.fromEntries(Object.entries(VIEWS).map(([kind, { session }]) => [kind, { session, ready: waitForPart('instructions') }])),
      'push-error': { session: ugx, ready: submitPhone('2567712') },
      'push-waiting': { session: ugx, ready: submitPhone('256772123456') },
      // A national form, as people write it: read and grouped "0772 123 456".
      'push-national': { session: pushSession(), ready: typePhone('0772123456') },
      // After a reload mid-push (MTN): "Sent to …" from the session, and the way out unfolded.
      'push-sent': { session: pushSession({ status: 'processing' }, { needsPhone: false, approvalsCode: '*165#', sent: PUSH_SENT }), ready: openPushHelp },
      // The provider ended the push unapproved: send again, or to another number.
      'push-ended': { session: pushSession({}, { prefill: '256772123456', sent: { ...PUSH_SENT, canResend: true, endReason: 'timeout' } }), ready: waitForPart('push-ended') },
      // "Send request" got no answer: a notice, not a field error.
      'push-notice': { session: pushSession(), ready: failedSend('0772 123 456') },
      paid: final('paid'),
      failed: final('failed', 'insufficient_funds'),
      expired: final('expired', 'expired'),
      unconfirmed: final('expired', 'outcome_unknown'),
      cancelled: final('cancelled'),
      // Many items while the payer pays: the first three, the others folded.
      'items-folded': {
        session: session([{ kind: 'ussd', code: '*165*3*58213907*1#' }], {
          reference: 'Ana Silva P5',
          payerName: 'Maria Silva',
          amount: '150000',
          items: ['Tuition, term 1', 'Exercise books', 'Uniform', 'School trip', 'Lunch, term 1', 'Sports kit'].map((name) => ({ name, quantity: 1, unitAmount: '25000' })),
        }),
        ready: waitForPart('items'),
      },
      'paid-receipt': { session: schoolPaid, ready: waitForPart('transaction-id') },
      'paid-receipt-print': { session: schoolPaid, ready: waitForPart('transaction-id'), media: 'print' },
      // Dollr, the payer bears the fee: once it applies, the headline says the total with the breakdown.
      'fee-total': { session: { ...VIEWS['push-fee'].session, charge: { amount: '20.00', fee: '0.80', total: '20.80', currency: 'USD' } }, ready: waitForPart('charge') },
      // The token ended before the backend settled the checkout: the merchant confirms.
      ended: { session: ugx, tokenEnded: true, ready: waitForPart('ended') },
      loading: { stallSession: true },
      // An `iss` that is no URL: the element refuses the token without a request.
      error: { token: fakeToken().replace(/\.[^.]+\./, `.${base64url({ iss: 'nowhere', sub: 'chk_view' })}.`), ready: waitForPart('error') },
    };
    for (const device of ['phone', 'desktop'] as const) {
      const size = device === 'phone' ? { width: phoneWidth, height: phoneHeight, phone: true } : { width: 1280, height: 800 };
      for (const [name, { token = fakeToken(), ...options }] of Object.entries(states)) {
        await shot(`${locale}-${device}-${name}`, token, { ...size, ...options, locale });
      }
    }
  }
  console.log(`screenshots written to ${outDir}/`);
} finally {
  await browser.close();
  await backend.close();
  shop.close();
  await rm(dataDir, { recursive: true, force: true });
}

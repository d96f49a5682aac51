import { expect, waitUntil } from '@open-wc/testing';
import { readEventStream } from '../../src/core/sse';
import { decodeToken } from '../../src/core/token';
import { en } from '../../src/i18n/en';
import { en as enT, fr, ptAO, sw, vi } from '../../src/i18n/index';
import { MomoCheckout } from '../../src/index';
import { errorMessage } from '../../src/views/error-panel';
import { captureConsoleErrors, fakeBackend, fakeToken, fixtureSession, mount, part, words, type FakeBackend } from './helpers';

const XSS = '<img src=x onerror="window.__pwned = true">';

describe('<momo-checkout> with a fixture session', () => {
  let backend: FakeBackend | undefined;
  afterEach(() => {
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  it('is defined by define.ts and exported without side effects by index.ts', () => {
    expect(customElements.get('momo-checkout')).to.equal(MomoCheckout);
    expect(document.createElement('momo-checkout')).to.be.instanceOf(MomoCheckout);
  });

  it('shows merchant, amount, description and instructions, then fires momo-ready', async () => {
    backend = fakeBackend(fixtureSession());
    const { element, next } = mount(fakeToken());
    const { session } = await next('momo-ready');
    expect(session.id).to.equal('chk_fixture');
    expect(part(element, 'merchant')!.textContent).to.equal('Kampala Parents School');
    const expected = new Intl.NumberFormat('en-UG', { style: 'currency', currency: 'UGX' }).format(150000);
    expect(part(element, 'amount')!.textContent).to.equal(expected);
    expect(part(element, 'description')!.textContent).to.equal('Term 1 school fees');
    expect(part(element, 'instructions')!.querySelector('[part="qr"] svg')).to.not.equal(null);
    expect(part(element, 'ussd-code')!.textContent).to.equal('*165*3*58213907*1#');
    const status = part(element, 'status')!;
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect(status.textContent).to.contain(en.status.pending);
    await expect(element).to.be.accessible();
  });

  it('keeps every digit of a decimal amount', async () => {
    backend = fakeBackend(fixtureSession({ amount: '12.50', currency: 'EUR', locale: 'en' }));
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    expect(part(element, 'amount')!.textContent).to.equal('€12.50');
  });

  it('renders provider strings as text', async () => {
    backend = fakeBackend(fixtureSession({ merchant: XSS, description: XSS, instructions: [{ kind: 'ussd', code: XSS }] }));
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    expect(element.shadowRoot!.querySelector('img')).to.equal(null);
    expect(part(element, 'merchant')!.textContent).to.equal(XSS);
    expect(part(element, 'description')!.textContent).to.equal(XSS);
    expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
  });

  it('follows pushed statuses to a final panel and fires each event once', async () => {
    backend = fakeBackend(fixtureSession());
    const { element, next, seen } = mount(fakeToken());
    await next('momo-ready');
    await waitFor(() => element.shadowRoot && backend!.requests.includes('/v1/session/events'));
    backend.push({ status: 'pending' }); // unchanged: no event
    backend.push({ status: 'processing' });
    expect((await next('momo-status')).status).to.equal('processing');
    backend.push({ status: 'failed', reason: 'insufficient_funds' });
    const failed = await next('momo-failed');
    expect(failed.reason).to.equal('insufficient_funds');
    await element.updateComplete;
    const final = part(element, 'final')!;
    expect(final.textContent).to.contain(en.final.failed.title);
    expect(final.textContent).to.contain(en.reasons.insufficient_funds);
    expect(part(element, 'instructions')).to.equal(null);
    backend.push({ status: 'paid' }); // a final status never changes
    await element.updateComplete;
    expect(seen['momo-status']!.map((update) => update.status)).to.deep.equal(['processing', 'failed']);
    expect(seen['momo-paid']).to.equal(undefined);
    expect(element.status).to.equal('failed');
  });

  // The backend reads with the token for a settle window past the checkout's expiry; refused after
  // that (here at once, for speed), the refusal carries the final status the backend settled.
  it('shows expired, not an error, when the token’s refusal after the checkout’s expiry says it expired', async () => {
    const session = fixtureSession({ expiresAt: new Date(Date.now() - 1_000).toISOString() });
    const settled = { status: 'expired', reason: 'expired', updatedAt: session.expiresAt };
    backend = fakeBackend((url) => {
      if (url.pathname === '/v1/session') return Response.json(session);
      if (url.pathname === '/v1/session/events') return Response.json({ error: { code: 'SSE_UNAVAILABLE', message: 'off' } }, { status: 503 });
      return Response.json({ error: { code: 'TOKEN_EXPIRED', message: 'The checkout token has expired.' }, status: settled }, { status: 401 });
    });
    const { element, next, seen } = mount(fakeToken());
    await next('momo-ready');
    const expired = await next('momo-expired');
    expect(expired).to.deep.equal(settled);
    await element.updateComplete;
    expect(part(element, 'final')!.dataset.status).to.equal('expired');
    expect(seen['momo-error']).to.equal(undefined);
  });

  it('shows a receipt that comes after the payment, on the same stream, and announces paid once', async () => {
    backend = fakeBackend(fixtureSession());
    const { element, next, seen } = mount(fakeToken());
    await next('momo-ready');
    await waitUntil(() => backend!.requests.includes('/v1/session/events'), 'the event stream is open');
    backend.push({ status: 'paid' });
    await next('momo-paid');
    await element.updateComplete;
    expect(part(element, 'receipt')).to.equal(null);
    // Mom Factura's invoice comes a moment after its payment.
    backend.push({ status: 'paid', receiptUrl: 'https://momo.test/invoices/1.pdf' });
    await waitUntil(() => part(element, 'receipt')?.getAttribute('href') === 'https://momo.test/invoices/1.pdf', 'the receipt link appears');
    expect(seen['momo-paid']!.length).to.equal(1);
    expect(seen['momo-status']!.filter((update) => update.status === 'paid').length).to.equal(1);
  });

  it('once paid, a refused read (the stream broke while the receipt was awaited) leaves the paid panel', async () => {
    const encoder = new TextEncoder();
    let breakStream!: () => void;
    backend = fakeBackend((url) => {
      if (url.pathname === '/v1/session') return Response.json(fixtureSession());
      if (url.pathname === '/v1/session/events') {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode(`event: status\ndata: ${JSON.stringify({ status: 'paid', updatedAt: new Date().toISOString() })}\n\n`));
            breakStream = () => controller.error(new TypeError('network changed'));
          },
        });
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      }
      return Response.json({ error: { code: 'TOKEN_INVALID', message: 'The checkout token is not valid.' } }, { status: 401 });
    });
    const { element, next, seen } = mount(fakeToken());
    await next('momo-paid');
    breakStream();
    await waitUntil(() => backend!.requests.includes('/v1/session/status'), 'the element polls once the stream broke');
    await element.updateComplete;
    expect(part(element, 'final')?.dataset.status).to.equal('paid');
    expect(part(element, 'error') === null, 'no error panel over the paid one').to.equal(true);
    expect(seen['momo-error']).to.equal(undefined);
  });

  it('announces a checkout that is already paid when it loads, with its receipt', async () => {
    const original = window.fetch;
    window.fetch = async (input, init) => {
      const { pathname } = new URL(new Request(input, init).url);
      if (pathname === '/v1/session') return Response.json(fixtureSession({ status: 'paid' }));
      if (pathname === '/v1/session/status') {
        return Response.json({ status: 'paid', updatedAt: '2026-11-22T10:00:00Z', receiptUrl: 'https://momo.test/r/1' });
      }
      return new Response(null, { status: 404 });
    };
    try {
      const order: string[] = [];
      const { element, next } = mount(fakeToken());
      for (const name of ['momo-ready', 'momo-status', 'momo-paid'] as const) element.addEventListener(name, () => order.push(name));
      const paid = await next('momo-paid');
      expect(paid.receiptUrl).to.equal('https://momo.test/r/1');
      expect(order).to.deep.equal(['momo-ready', 'momo-status', 'momo-paid']);
      await element.updateComplete;
      expect(part(element, 'receipt')!.getAttribute('href')).to.equal('https://momo.test/r/1');
      expect(part(element, 'instructions')).to.equal(null);
    } finally {
      window.fetch = original;
    }
  });

  it('rejects a malformed token without any request', async () => {
    backend = fakeBackend(fixtureSession());
    const { element, next } = mount('not-a-token');
    const error = await next('momo-error');
    expect(error.code).to.equal('TOKEN_MALFORMED');
    await element.updateComplete;
    expect(part(element, 'error')!.textContent).to.contain(en.errors.tokenMalformed);
    expect(backend.requests).to.deep.equal([]);
    expect(decodeToken('a.b.c').ok).to.equal(false);
    expect(decodeToken(fakeToken({ iss: 'javascript:alert(1)' })).ok).to.equal(false);
  });

  it('an empty token attribute says a checkout token is needed and fires TOKEN_MISSING once; no attribute stays idle', async () => {
    backend = fakeBackend(fixtureSession());
    const holder = document.body.appendChild(document.createElement('div'));
    holder.innerHTML = '<momo-checkout></momo-checkout><momo-checkout token=""></momo-checkout>';
    const [idle, empty] = [...holder.querySelectorAll('momo-checkout')] as MomoCheckout[];
    const errors: unknown[] = [];
    empty!.addEventListener('momo-error', (event) => errors.push((event as CustomEvent).detail));
    await Promise.all([idle!.updateComplete, empty!.updateComplete]);
    await waitUntil(() => part(empty!, 'error'), 'the empty token’s panel');
    // No attribute: nothing shown, nothing said.
    expect(part(idle!, 'error')).to.equal(null);
    expect(idle!.shadowRoot!.textContent!.trim()).to.equal('');
    const panel = part(empty!, 'error')!;
    expect(words(panel.textContent)).to.include(words(en.errors.tokenMissing));
    expect(panel.textContent).to.contain(en.errors.code('TOKEN_MISSING'));
    expect(panel.querySelector('button'), 'nothing to retry').to.equal(null);
    // Whitespace is no token either, and it is said once.
    empty!.setAttribute('token', '   ');
    await empty!.updateComplete;
    expect(errors.map((error) => (error as { code: string }).code)).to.deep.equal(['TOKEN_MISSING']);
    expect(backend.requests).to.deep.equal([]);
    // A real token then loads as usual.
    empty!.token = fakeToken();
    await waitUntil(() => part(empty!, 'amount'), 'the checkout');
    holder.remove();
  });

  it('CSP_BLOCKED tells the payer the page blocks the payment service, not their connection, in every language', () => {
    for (const t of [enT, fr, ptAO, sw, vi]) {
      expect(errorMessage('CSP_BLOCKED', t), t.$code).to.equal(t.errors.cspBlocked);
      expect(t.errors.cspBlocked, t.$code).to.not.equal(t.errors.network);
    }
  });

  it('shows the backend’s 401 as a clear error', async () => {
    backend = fakeBackend(() => Response.json({ error: { code: 'TOKEN_EXPIRED', message: 'The checkout token has expired.' } }, { status: 401 }));
    const { element, next } = mount(fakeToken());
    expect(await next('momo-error')).to.deep.equal({ code: 'TOKEN_EXPIRED', message: 'The checkout token has expired.' });
    await element.updateComplete;
    expect(part(element, 'error')!.textContent).to.contain(en.errors.tokenExpired);
  });

  it('drops the results of a token that was replaced', async () => {
    const first = fixtureSession({ id: 'chk_first', merchant: 'First' });
    const second = fixtureSession({ id: 'chk_second', merchant: 'Second' });
    const original = window.fetch;
    let releaseFirst!: () => void;
    const firstGate = new Promise<void>((resolve) => (releaseFirst = resolve));
    window.fetch = async (input, init) => {
      const request = new Request(input, init);
      const sub = JSON.parse(atob(request.headers.get('authorization')!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
      if (new URL(request.url).pathname !== '/v1/session') return new Response('', { status: 503 });
      if (sub.sub === 'chk_first') {
        await firstGate;
        return Response.json(first);
      }
      return Response.json(second);
    };
    try {
      const { element, next, seen } = mount(fakeToken({ sub: 'chk_first' }));
      await element.updateComplete;
      element.token = fakeToken({ sub: 'chk_second' });
      expect((await next('momo-ready')).session.id).to.equal('chk_second');
      releaseFirst();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen['momo-ready']!.length).to.equal(1);
      expect(part(element, 'merchant')!.textContent).to.equal('Second');
    } finally {
      window.fetch = original;
    }
  });

  it('logs and skips an instruction kind it does not know', async () => {
    const errors = captureConsoleErrors();
    try {
      backend = fakeBackend(fixtureSession({ instructions: [{ kind: 'teleport' } as never, { kind: 'ussd', code: '*1#' }] }));
      const { element, next } = mount(fakeToken());
      await next('momo-ready');
      expect(part(element, 'ussd')).to.not.equal(null);
      expect(errors.messages.join('\n')).to.contain('"teleport"');
    } finally {
      errors.restore();
    }
  });
});

describe('text/event-stream reader', () => {
  it('parses events split across chunks, skipping comments and other events', async () => {
    const chunks = [': hello\n\nevent: status\ndata: {"status":', '"paid"}\r', '\n\r\nevent: other\ndata: x\n\ndata: a\ndata: b\n\n', 'data: unterminated'];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const events = [];
    for await (const event of readEventStream(body)) events.push(event);
    expect(events).to.deep.equal([
      { event: 'status', data: '{"status":"paid"}' },
      { event: 'other', data: 'x' },
      { event: 'message', data: 'a\nb' },
    ]);
  });
});

async function waitFor(condition: () => unknown, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

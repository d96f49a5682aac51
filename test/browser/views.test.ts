import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import QRCode from 'qrcode';
import { packQrMatrix } from '../../contract/qr-matrix';
import { en } from '../../src/i18n/en';
import { safeLink } from '../../src/core/url';
import { formatPhone, groupCode, groupRun, planInstructions, qrPath, renderInstruction, type ViewContext } from '../../src/views/index';
import type { PushActions } from '../../src/views/push-actions';
import { captureConsoleErrors, fakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, PNG } from './helpers';
import { withQrCodes } from './qr-codes';

const PAYLOAD = '*165*3*58213907*1#';
const XSS = '<img src=x onerror="window.__pwned = true">';

function context(overrides: Partial<ViewContext> = {}): ViewContext {
  return {
    session: fixtureSession(),
    t: en,
    locale: 'en',
    device: 'desktop',
    canDialCodes: true,
    status: 'pending',
    copy: () => {},
    copyState: () => 'idle',
    ...overrides,
  };
}

/** The push view's own actions, as the element makes them, without a backend. */
const pushActions = (state: PushActions['state'] = { step: 'form' }): PushActions => ({ state, pay: async () => {}, another: () => {} });

/**
 * Renders every instruction the registry can show into a plain container, the session's QR
 * codes encoded as the backend would (unless `withoutQrCodes`).
 */
async function renderAll(instructions: unknown[], ctx = context(), push = pushActions(), { withoutQrCodes = false } = {}) {
  const planned = planInstructions(instructions, ctx.device);
  // Views may look at the whole checkout (the deeplink view does, for a QR code).
  const session = { ...ctx.session, instructions: instructions as never, qrCodes: undefined };
  ctx = { ...ctx, session: withoutQrCodes ? session : withQrCodes(session) };
  const root = await fixture(html`<div>${planned.map((p) => renderInstruction(p, ctx, p.view.kind === 'push' ? push : {}))}</div>`);
  return { planned, root };
}

/** Rebuilds the module matrix from the `M x y h n v1 h-n z` runs of the QR path. */
function decodePath(path: string, size: number): Uint8Array {
  const matrix = new Uint8Array(size * size);
  for (const [, x, y, run] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(run); i++) matrix[Number(y) * size + Number(x) + i] = 1;
  }
  return matrix;
}

describe('instruction views', () => {
  it('picks the view registered for each kind, QR first on desktops and USSD first on phones', () => {
    const instructions = [
      { kind: 'ussd', code: PAYLOAD },
      { kind: 'qr', payload: PAYLOAD },
    ];
    expect(planInstructions(instructions, 'desktop').map((p) => p.view.kind)).to.deep.equal(['qr', 'ussd']);
    expect(planInstructions(instructions, 'phone').map((p) => p.view.kind)).to.deep.equal(['ussd', 'qr']);
  });

  it('shows the USSD code large, grouped, and exactly as given', async () => {
    const { root } = await renderAll([{ kind: 'ussd', code: PAYLOAD }]);
    const code = root.querySelector('[part="ussd-code"]')!;
    expect(code.textContent).to.equal(PAYLOAD); // groups are spacing, not spaces
    expect(root.querySelector('[part="copy-button"]')!.textContent).to.contain('Copy');
    expect(groupCode('*165*3*58213907*1#').map((token) => token.text)).to.deep.equal(['*', '165', '*', '3', '*', '5821', '3907', '*', '1', '#']);
    const digits = (run: string) => groupCode(run).map((token) => token.text);
    expect(digits('4497414')).to.deep.equal(['449', '7414']);
    expect(digits('123456789')).to.deep.equal(['123', '456', '789']);
    expect(digits('12345')).to.deep.equal(['12345']);
  });

  it('copies the USSD code with the clipboard API', async () => {
    const copied: string[] = [];
    const { root } = await renderAll([{ kind: 'ussd', code: PAYLOAD }], context({ copy: (text) => copied.push(text) }));
    root.querySelector<HTMLButtonElement>('[part="copy-button"]')!.click();
    expect(copied).to.deep.equal([PAYLOAD]);
  });

  it('offers tap-to-dial on phones only', async () => {
    const desktop = await renderAll([{ kind: 'ussd', code: PAYLOAD }]);
    expect(desktop.root.querySelector('[part="dial-button"]')).to.equal(null);
    const phone = await renderAll([{ kind: 'ussd', code: PAYLOAD }], context({ device: 'phone' }));
    expect(phone.root.querySelector('a[part="dial-button"]')!.getAttribute('href')).to.equal('tel:*165*3*58213907*1%23');
  });

  it('gives the QR payload as copyable text, unless the USSD block shows it already', async () => {
    const emv = '00020101021238570010A00000072701270006970454011300000000000000000000';
    const copied: string[] = [];
    const ctx = context({ copy: (text) => copied.push(text) });
    const alone = await renderAll([{ kind: 'qr', payload: emv }], ctx);
    const text = alone.root.querySelector('[part="qr-text"]')!;
    expect(text.querySelector('code')!.textContent).to.equal(emv);
    text.querySelector<HTMLButtonElement>('[part="copy-button"]')!.click();
    expect(copied).to.deep.equal([emv]);
    const withUssd = await renderAll(
      [
        { kind: 'qr', payload: PAYLOAD },
        { kind: 'ussd', code: PAYLOAD },
      ],
      ctx,
    );
    expect(withUssd.root.querySelector('[part="qr-text"]')).to.equal(null);
  });

  it('on iPhones, which do not dial * and # from links, says how to dial by hand', async () => {
    const { root } = await renderAll([{ kind: 'ussd', code: PAYLOAD }], context({ device: 'phone', canDialCodes: false }));
    expect(root.querySelector('[part="dial-button"]')).to.equal(null);
    expect(root.querySelector('[part="copy-button"]')).to.not.equal(null);
    expect(root.querySelector('[part="ussd"]')!.textContent).to.contain(en.ussd.noDial);
  });

  it('draws the QR code as one SVG path whose modules decode back to the payload', async () => {
    const { root } = await renderAll([{ kind: 'qr', payload: PAYLOAD }]);
    const svg = root.querySelector('[part="qr"] svg')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.getAttribute('aria-label')).to.contain('QR code');
    const reference = QRCode.create(PAYLOAD, { errorCorrectionLevel: 'M' }).modules;
    expect(Number(svg.getAttribute('data-modules'))).to.equal(reference.size);
    expect(svg.getAttribute('viewBox')).to.equal(`-4 -4 ${reference.size + 8} ${reference.size + 8}`);
    const path = svg.querySelector('path')!.getAttribute('d')!;
    expect(path).to.match(/^(M\d+ \d+h\d+v1h-\d+z)+$/);
    expect(Array.from(decodePath(path, reference.size))).to.deep.equal(Array.from(reference.data));
    expect(svg.namespaceURI).to.equal('http://www.w3.org/2000/svg');
    expect(svg.querySelector('path')!.namespaceURI).to.equal('http://www.w3.org/2000/svg');
  });

  it('shows a provider QR image only when it is a data:image URI', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const errors = captureConsoleErrors();
    try {
      const { root } = await renderAll([
        { kind: 'qr', image },
        { kind: 'qr', image: 'https://tracker.example/qr.png' },
      ]);
      const images = root.querySelectorAll('[part="qr"] img');
      expect(images.length).to.equal(1);
      expect(images[0]!.getAttribute('src')).to.equal(image);
      expect(images[0]!.getAttribute('alt')).to.contain('QR code');
      expect(errors.messages.join('\n')).to.contain('"qr" instruction');
    } finally {
      errors.restore();
    }
  });

  it('skips an unknown kind with a console error instead of breaking', async () => {
    const errors = captureConsoleErrors();
    try {
      const { planned, root } = await renderAll([{ kind: 'hologram', beam: 'up' }, { kind: 'ussd', code: PAYLOAD }, null]);
      expect(planned.map((p) => p.view.kind)).to.deep.equal(['ussd']);
      expect(root.querySelector('[part="ussd"]')).to.not.equal(null);
      expect(errors.messages.some((m) => m.includes('"hologram"'))).to.equal(true);
      expect(errors.messages.length).to.equal(2); // the hologram and the null
    } finally {
      errors.restore();
    }
  });

  it('renders provider strings as text, never as markup', async () => {
    const { root } = await renderAll([
      { kind: 'ussd', code: XSS },
      { kind: 'qr', payload: XSS },
    ]);
    expect(root.querySelector('img')).to.equal(null);
    expect(root.querySelector('[part="ussd-code"]')!.textContent).to.contain('<img');
    expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
  });

  it('draws the QR path of a matrix with run-length rectangles, and no path for a broken matrix', () => {
    const { size, data } = QRCode.create('hello', { errorCorrectionLevel: 'M' }).modules;
    const matrix = packQrMatrix(size, data);
    const drawn = qrPath(matrix)!;
    expect(drawn.size).to.equal(21);
    expect(Array.from(decodePath(drawn.path, drawn.size))).to.deep.equal(Array.from(data));
    const short = btoa(atob(matrix.modules).slice(1));
    for (const broken of [{ ...matrix, size: 25 }, { ...matrix, size: 22 }, { ...matrix, modules: short }, { ...matrix, modules: '!!not base64!!' }, { size: 21 }, {}]) {
      expect(qrPath(broken as never), JSON.stringify(broken)).to.equal(undefined);
    }
  });

  it('decodes a QR matrix once however often it is drawn, and keeps only the last few', async () => {
    const decoded = countDecoding();
    try {
      const payload = `memo-${crypto.randomUUID()}`; // never drawn before in this page
      const first = await renderAll([{ kind: 'qr', payload }]);
      const again = await renderAll([{ kind: 'qr', payload }]);
      const matrix = withQrCodes(fixtureSession({ instructions: [{ kind: 'qr', payload }] })).qrCodes![payload]!;
      expect(decoded(matrix.modules)).to.equal(1);
      expect(again.root.querySelector('path')!.getAttribute('d')).to.equal(first.root.querySelector('path')!.getAttribute('d'));
      // A page that draws many codes doesn't keep them all.
      for (let i = 0; i < 10; i++) {
        const other = `memo-other-${i}-${crypto.randomUUID()}`;
        qrPath(withQrCodes(fixtureSession({ instructions: [{ kind: 'qr', payload: other }] })).qrCodes![other]!);
      }
      qrPath(matrix);
      expect(decoded(matrix.modules)).to.equal(2);
    } finally {
      decoded.restore();
    }
  });

  it('lets the countdown tick without decoding the QR code again', async () => {
    const payload = `tick-${crypto.randomUUID()}`;
    const session = fixtureSession({ instructions: [{ kind: 'qr', payload }] });
    const backend = fakeBackend(session);
    const decoded = countDecoding();
    const { element, next } = mount(fakeToken());
    try {
      await next('momo-ready');
      expect(decoded(session.qrCodes![payload]!.modules)).to.equal(1);
      const countdown = part(element, 'countdown')!.textContent;
      await waitUntil(() => part(element, 'countdown')!.textContent !== countdown, 'a tick re-renders the element', { timeout: 2_500 });
      expect(part(element, 'qr')!.querySelector('path')).to.not.equal(null);
      expect(decoded(session.qrCodes![payload]!.modules)).to.equal(1);
    } finally {
      decoded.restore();
      backend.restore();
      element.remove();
    }
  });

  it('skips a QR payload the session has no matrix for, unless the provider gave an image', async () => {
    const errors = captureConsoleErrors();
    try {
      const bare = await renderAll([{ kind: 'qr', payload: PAYLOAD }], context(), pushActions(), { withoutQrCodes: true });
      expect(bare.root.querySelector('[part="qr"]')).to.equal(null);
      expect(errors.messages.join('\n')).to.contain('"qr" instruction');
      const imaged = await renderAll([{ kind: 'qr', payload: PAYLOAD, image: PNG }], context(), pushActions(), { withoutQrCodes: true });
      expect(imaged.root.querySelector('[part="qr"] img')!.getAttribute('src')).to.equal(PNG);
      expect(imaged.root.querySelector('svg[data-modules]')).to.equal(null);
    } finally {
      errors.restore();
    }
  });

  it('skips the QR code of a checkout whose session brings none, or a broken one', async () => {
    const errors = captureConsoleErrors();
    const { size, modules } = withQrCodes(fixtureSession()).qrCodes![PAYLOAD]!;
    for (const qrCodes of [undefined, { [PAYLOAD]: { size: size + 4, modules } }]) {
      const backend = fakeBackend(fixtureSession({ instructions: [INSTRUCTIONS.qr, INSTRUCTIONS.ussd], qrCodes }));
      const { element, next } = mount(fakeToken());
      try {
        await next('momo-ready');
        expect(part(element, 'qr'), JSON.stringify(qrCodes)).to.equal(null);
        expect(part(element, 'ussd')).to.not.equal(null);
        expect(errors.messages.join('\n')).to.contain('"qr" instruction');
        errors.messages.length = 0;
      } finally {
        backend.restore();
        element.remove();
      }
    }
    errors.restore();
  });
});

/** Counts `atob` calls by what they decode: the element decodes a QR matrix's modules with it. */
function countDecoding() {
  const original = window.atob;
  const seen = new Map<string, number>();
  window.atob = (data: string) => {
    seen.set(data, (seen.get(data) ?? 0) + 1);
    return original(data);
  };
  return Object.assign((modules: string) => seen.get(modules) ?? 0, { restore: () => (window.atob = original) });
}

describe('views for every kind', () => {
  const print = window.print;
  afterEach(() => {
    window.print = print;
  });

  it('orders all kinds for the device, and puts preferred kinds first', () => {
    const all = Object.values(INSTRUCTIONS).reverse();
    const kinds = (device: 'phone' | 'desktop', prefer?: string[]) => planInstructions(all, device, prefer).map((p) => p.view.kind);
    expect(kinds('phone')).to.deep.equal(['deeplink', 'ussd', 'push', 'code', 'qr', 'bank-reference']);
    expect(kinds('desktop')).to.deep.equal(['qr', 'deeplink', 'push', 'ussd', 'code', 'bank-reference']);
    expect(kinds('phone', ['bank-reference', 'qr'])).to.deep.equal(['bank-reference', 'qr', 'deeplink', 'ussd', 'push', 'code']);
    expect(kinds('desktop', ['ussd', 'teleport'])[0]).to.equal('ussd');
  });

  it('deeplink: an "Open MoMo" link on phones that navigates the top window', async () => {
    const { root } = await renderAll([INSTRUCTIONS.deeplink], context({ device: 'phone' }));
    const open = root.querySelector<HTMLAnchorElement>('a[part="open-app"]')!;
    expect(open.textContent).to.equal('Open MoMo');
    expect(open.getAttribute('href')).to.equal(INSTRUCTIONS.deeplink.url);
    expect(open.target).to.equal('_top');
    const web = root.querySelector<HTMLAnchorElement>('a[part="web-link"]')!;
    expect(web.href).to.equal(INSTRUCTIONS.deeplink.webUrl);
    expect(web.rel).to.equal('noopener noreferrer');
    expect(root.querySelector('svg')).to.equal(null);
  });

  it('deeplink: a QR code of the link on desktops, unless the checkout has one already', async () => {
    const { root } = await renderAll([INSTRUCTIONS.deeplink]);
    expect(root.querySelector('[part="open-app"]')).to.equal(null);
    const svg = root.querySelector('[part="deeplink"] [part="qr"] svg')!;
    const { size, data } = QRCode.create(INSTRUCTIONS.deeplink.url, { errorCorrectionLevel: 'M' }).modules;
    expect(Array.from(decodePath(svg.querySelector('path')!.getAttribute('d')!, size))).to.deep.equal(Array.from(data));
    expect(root.querySelector('[part="qr"]')!.textContent).to.contain('open MoMo');
    expect(root.querySelector('[part="web-link"]')).to.not.equal(null);

    const both = await renderAll([INSTRUCTIONS.qr, INSTRUCTIONS.deeplink]);
    expect(both.root.querySelectorAll('svg[data-modules]').length, 'one QR code drawn').to.equal(1);
    expect(both.root.querySelector('[part="deeplink"] [part="web-link"]')).to.not.equal(null);
  });

  it('deeplink: no QR code on desktops when the session has no matrix for the link', async () => {
    const { root } = await renderAll([INSTRUCTIONS.deeplink], context(), pushActions(), { withoutQrCodes: true });
    expect(root.querySelector('svg')).to.equal(null);
    expect(root.querySelector('[part="deeplink"] [part="web-link"]')).to.not.equal(null);
    const { webUrl: _web, ...appOnly } = INSTRUCTIONS.deeplink;
    const bare = await renderAll([appOnly], context(), pushActions(), { withoutQrCodes: true });
    expect(bare.root.querySelector('[part="deeplink"]'), 'nothing a desktop can use').to.equal(null);
  });

  it('deeplink: never renders a javascript: (or other script or browser-internal) link', async () => {
    const errors = captureConsoleErrors();
    try {
      for (const url of ['javascript:alert(1)', ' JaVa\tScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'no scheme']) {
        for (const device of ['phone', 'desktop'] as const) {
          const { root } = await renderAll([{ ...INSTRUCTIONS.deeplink, url }], context({ device }));
          expect(root.querySelector('[part="deeplink"]'), url).to.equal(null);
          expect(root.querySelector('a')).to.equal(null);
        }
      }
      expect(errors.messages.filter((m) => m.includes('"deeplink" instruction')).length).to.equal(10);
      const { root } = await renderAll([{ ...INSTRUCTIONS.deeplink, webUrl: 'javascript:alert(1)' }], context({ device: 'phone' }));
      expect(root.querySelector('[part="web-link"]')).to.equal(null);
      expect(root.querySelector('[part="open-app"]')).to.not.equal(null);
    } finally {
      errors.restore();
    }
    expect(safeLink('momo://app?x=1')).to.equal('momo://app?x=1');
    expect(safeLink('intent://pay#Intent;scheme=momo;end')).to.be.a('string');
    expect(safeLink('https://pay.example/x')).to.equal('https://pay.example/x');
    expect(safeLink('JAVASCRIPT:alert(1)')).to.equal(undefined);
    expect(safeLink('blob:https://a.example/1')).to.equal(undefined);
  });

  it('qr: a provider image only as a base64 data:image URI', async () => {
    const errors = captureConsoleErrors();
    try {
      const refused = [
        'javascript:alert(1)',
        'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
        'data:image/svg+xml,<svg onload=alert(1)>',
        'data:application/octet-stream;base64,AAAA',
        'http://tracker.example/qr.png',
        '//tracker.example/qr.png',
      ];
      const { root } = await renderAll([...refused.map((image) => ({ kind: 'qr', image })), { kind: 'qr', image: PNG }]);
      const images = root.querySelectorAll('img');
      expect(images.length).to.equal(1);
      expect(images[0]!.getAttribute('src')).to.equal(PNG);
      expect(images[0]!.alt).to.equal(en.qr.alt('Kampala Parents School'));
      expect(errors.messages.length).to.equal(refused.length);
    } finally {
      errors.restore();
    }
  });

  it('bank-reference: entity and reference grouped and copyable, amount, due date, and a print button', async () => {
    const copied: string[] = [];
    const session = fixtureSession({ currency: 'AOA', locale: 'pt-AO' });
    const { root } = await renderAll([INSTRUCTIONS['bank-reference']], context({ session, copy: (text) => copied.push(text) }));
    const slip = root.querySelector('[part="bank-reference"]')!;
    const values = [...slip.querySelectorAll('dd')];
    expect([...slip.querySelectorAll('dt')].map((dt) => dt.textContent)).to.deep.equal(['Entity', 'Reference', 'Amount', 'Pay by']);
    // Groups are spacing, so the reference reads "123 456 789" and copies as typed at the ATM.
    expect([...values[1]!.querySelectorAll('span span')].map((s) => s.textContent)).to.deep.equal(['456', '789']);
    expect(values[1]!.textContent!.replace(/\s+/g, '')).to.equal('123456789CopyReference');
    expect(values[2]!.textContent!.trim()).to.equal(new Intl.NumberFormat('en', { style: 'currency', currency: 'AOA' }).format(15000));
    expect(values[3]!.textContent!.trim()).to.equal('December 1, 2026');
    const buttons = slip.querySelectorAll<HTMLButtonElement>('[part="copy-button"]');
    expect(buttons.length).to.equal(2);
    buttons.forEach((button) => {
      button.click();
    });
    expect(copied).to.deep.equal(['00123', '123456789']);
    let printed = 0;
    window.print = () => void printed++;
    slip.querySelector<HTMLButtonElement>('[part="print-button"]')!.click();
    expect(printed).to.equal(1);
    expect(groupRun('123456789')).to.deep.equal(['123', '456', '789']);
  });

  it('code: the code large and grouped, with copy and its expiry time', async () => {
    const copied: string[] = [];
    const expiresAt = new Date(Date.now() + 3 * 60_000);
    const { root } = await renderAll([{ ...INSTRUCTIONS.code, expiresAt: expiresAt.toISOString() }], context({ copy: (text) => copied.push(text) }));
    expect(root.querySelector('[part="code-value"]')!.textContent).to.equal('482913');
    expect(root.querySelectorAll('[part="code-value"] span').length).to.equal(1); // 482 913
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(expiresAt);
    expect(root.querySelector('[part="code-expiry"]')!.textContent).to.equal(`Valid until ${time}.`);
    root.querySelector<HTMLButtonElement>('[part="copy-button"]')!.click();
    expect(copied).to.deep.equal(['482913']);
    const later = await renderAll([{ kind: 'code', code: 'K7Q2', expiresAt: '2031-01-02T09:05:00Z' }]);
    expect(later.root.querySelector('[part="code-expiry"]')!.textContent).to.contain('2031');
  });

  it('push: a labelled phone field with the operator, formatted as you type', async () => {
    const { root } = await renderAll([INSTRUCTIONS.push]);
    const input = root.querySelector<HTMLInputElement>('input[part="phone-input"]')!;
    expect([input.type, input.inputMode, input.autocomplete]).to.deep.equal(['tel', 'tel', 'tel']);
    expect(root.querySelector(`label[for="${input.id}"]`)!.textContent).to.equal(en.push.label);
    expect(root.querySelector('[part="push"]')!.textContent).to.contain('Unitel Money');
    input.focus();
    input.value = '+244 9-2345678';
    input.setSelectionRange(6, 6); // after "+244 9"
    input.dispatchEvent(new Event('input'));
    expect(input.value).to.equal('+244 923 456 78'); // no country rules here: the + kept, digits in threes
    expect(input.selectionStart).to.equal(6); // still after the 9
    expect(formatPhone('256772123456')).to.equal('256 772 123 456');
  });

  it('push: "approve on your phone" once sent, or when the backend has the number', async () => {
    const sent = await renderAll([INSTRUCTIONS.push], context(), pushActions({ step: 'sent' }));
    expect(sent.root.querySelector('[part="push-wait"]')!.textContent).to.contain(en.push.waitTitle);
    expect(sent.root.querySelector('input')).to.equal(null);
    const known = await renderAll([{ ...INSTRUCTIONS.push, needsPhone: false }]);
    expect(known.root.querySelector('[part="push-wait"]')).to.not.equal(null);
  });

  it('renders every provider string as text', async () => {
    const { root } = await renderAll(
      [
        { kind: 'deeplink', url: 'momo://app', appName: XSS, webUrl: `https://x.example/?q=${XSS}` },
        { kind: 'bank-reference', entity: XSS, reference: XSS, amount: XSS, dueDate: XSS },
        { kind: 'code', code: XSS, expiresAt: XSS },
        { kind: 'push', needsPhone: true, phonePattern: XSS, operators: [XSS] },
      ],
      context({ device: 'phone' }),
    );
    expect(root.querySelector('img')).to.equal(null);
    expect(root.querySelector('[part="open-app"]')!.textContent).to.equal(`Open ${XSS}`);
    expect(root.querySelector('[part="code-value"]')!.textContent).to.equal(XSS);
    expect(root.querySelector('[part="bank-reference"]')!.textContent).to.contain(XSS);
    expect(root.querySelector('[part="push"]')!.textContent).to.contain(XSS);
    expect((window as { __pwned?: boolean }).__pwned).to.equal(undefined);
  });
});

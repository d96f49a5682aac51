import { expect, fixture, html } from '@open-wc/testing';
import QRCode from 'qrcode';
import { en } from '../../src/i18n/en';
import { groupCode, planInstructions, qrPath, renderInstruction, type ViewContext } from '../../src/views/index';
import { captureConsoleErrors, fixtureSession } from './helpers';

const PAYLOAD = '*165*3*58213907*1#';
const XSS = '<img src=x onerror="window.__pwned = true">';

function context(overrides: Partial<ViewContext> = {}): ViewContext {
  return {
    session: fixtureSession(),
    t: en,
    locale: 'en',
    device: 'desktop',
    copy: () => {},
    copyState: () => 'idle',
    ...overrides,
  };
}

/** Renders every instruction the registry can show into a plain container. */
async function renderAll(instructions: unknown[], ctx = context()) {
  const planned = planInstructions(instructions, ctx.device);
  const root = await fixture(html`<div>${planned.map((p) => renderInstruction(p, ctx))}</div>`);
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
    expect(groupCode('*165*3*58213907*1#').map((token) => token.text)).to.deep.equal([
      '*', '165', '*', '3', '*', '5821', '3907', '*', '1', '#',
    ]);
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
      const { planned, root } = await renderAll([
        { kind: 'hologram', beam: 'up' },
        { kind: 'ussd', code: PAYLOAD },
        null,
      ]);
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

  it('encodes the QR path with run-length rectangles', () => {
    const { size, path } = qrPath('hello');
    expect(size).to.equal(21);
    expect(path.length).to.be.greaterThan(0);
  });
});

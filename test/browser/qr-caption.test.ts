import { expect, fixture, html } from '@open-wc/testing';
import type { QrInstruction } from '../../contract';
import { en, fr, ptAO, sw, vi } from '../../src/i18n/index';
import type { Translation } from '../../src/i18n/translation';
import { planInstructions, renderInstruction, type ViewContext } from '../../src/views/index';
import { qrCaption } from '../../src/views/qr';
import { fixtureSession, PNG, words } from './helpers';
import { withQrCodes } from './qr-codes';

const USSD = '*165*3*58213907*1#';
const EMV = '00020101021238570010A000000727012700069704540113000000000000000000005303704540650000005802VN6304ABCD';
const LOCALES = [en, fr, ptAO, sw, vi];

/** Each QR code as the providers' create makes it (test/server/qr-readers.test.ts checks those). */
const PROVIDER_QRS = {
  mtnInvoice: { kind: 'qr', payload: USSD, scanWith: 'app', appName: 'MTN MoMo' },
  momoVn: { kind: 'qr', payload: EMV, scanWith: 'app-or-bank', appName: 'MoMo' },
  ekwanza: { kind: 'qr', image: PNG, scanWith: 'app', appName: 'E-kwanza' },
} satisfies Record<string, QrInstruction>;

function context(overrides: Partial<ViewContext> = {}): ViewContext {
  return { session: fixtureSession(), t: en, locale: 'en', device: 'desktop', canDialCodes: true, status: 'pending', copy: () => {}, copyState: () => 'idle', ...overrides };
}

async function render(instructions: QrInstruction[], ctx = context()) {
  ctx = { ...ctx, session: withQrCodes({ ...ctx.session, instructions }) };
  const planned = planInstructions(instructions, ctx.device);
  return fixture<HTMLElement>(html`<div>${planned.map((p) => renderInstruction(p, ctx, {}))}</div>`);
}

/** Every caption that would tell the payer a phone's camera is enough. */
const cameraCaptions = (t: Translation) => [t.qr.camera];

describe('QR captions say what reads the code', () => {
  it("names the provider's app for MTN's USSD string and E-kwanza's image, the app or a bank for MoMo's bank QR, in every locale", async () => {
    for (const t of LOCALES) {
      const ctx = context({ t, locale: t.$code });
      const cases: [QrInstruction, string][] = [
        [PROVIDER_QRS.mtnInvoice, t.qr.app('MTN MoMo')],
        [PROVIDER_QRS.ekwanza, t.qr.app('E-kwanza')],
        [PROVIDER_QRS.momoVn, t.qr.appOrBank('MoMo')],
      ];
      for (const [qr, caption] of cases) {
        const root = await render([qr], ctx);
        const shown = words(root.querySelector('[part~=qr] figcaption p')?.textContent);
        expect(shown, `${t.$code}: ${qr.appName}`).to.equal(words(caption));
        expect(cameraCaptions(t), `${t.$code}: ${qr.appName} is not for a camera`).to.not.include(shown);
      }
    }
  });

  it('never says "camera" for a payload a camera only shows as text, whatever the backend says', () => {
    for (const t of LOCALES) {
      expect(qrCaption({ kind: 'qr', payload: USSD, scanWith: 'camera' }, t)).to.equal(t.qr.hint);
      expect(qrCaption({ kind: 'qr', payload: USSD }, t)).to.equal(t.qr.hint);
      expect(qrCaption({ kind: 'qr', payload: EMV }, t)).to.equal(t.qr.hint);
      // Named readers need their app's name; without it, the payer's own mobile money app.
      expect(qrCaption({ kind: 'qr', payload: USSD, scanWith: 'app' }, t)).to.equal(t.qr.hint);
      expect(qrCaption({ kind: 'qr', payload: EMV, scanWith: 'app-or-bank', appName: '  ' }, t)).to.equal(t.qr.hint);
    }
  });

  it('says "camera" for a link or a tel: URI, which a camera opens or dials', () => {
    for (const payload of ['https://pay.example/c/1', 'tel:*165*3*58213907*1%23']) {
      expect(qrCaption({ kind: 'qr', payload }, en), payload).to.equal(en.qr.camera);
      expect(qrCaption({ kind: 'qr', payload, scanWith: 'camera' }, en), payload).to.equal(en.qr.camera);
    }
    expect(qrCaption({ kind: 'qr', image: PNG, scanWith: 'camera' }, en)).to.equal(en.qr.camera);
    // The app link's QR code (desktops) is a link: the camera opens the app.
    expect(en.deeplink.scanHint('MoMo')).to.contain('camera');
  });

  it('on a phone, folds the code away as "Pay from another phone", in every locale', async () => {
    for (const t of LOCALES) {
      const root = await render([PROVIDER_QRS.mtnInvoice], context({ t, locale: t.$code, device: 'phone' }));
      const fold = root.querySelector<HTMLDetailsElement>('details[part~=qr-other-phone]')!;
      expect(fold, t.$code).to.not.equal(null);
      expect(fold.open, `${t.$code}: folded`).to.equal(false);
      expect(words(fold.querySelector(':scope > summary')!.textContent)).to.equal(t.qr.otherPhone);
      // Inside: the code and what reads it, never "scan with this phone's camera".
      const figure = fold.querySelector('[part~=qr]')!;
      expect(figure.querySelector('svg[role=img]')).to.not.equal(null);
      expect(words(figure.querySelector('figcaption p')!.textContent)).to.equal(words(t.qr.app('MTN MoMo')));
      expect(figure.checkVisibility(), `${t.$code}: hidden until unfolded`).to.equal(false);
      fold.open = true;
      expect(figure.checkVisibility(), t.$code).to.equal(true);
    }
  });

  it('on a desktop, shows the code at once, with no fold', async () => {
    const root = await render([PROVIDER_QRS.momoVn]);
    expect(root.querySelector('[part~=qr-other-phone]')).to.equal(null);
    expect(root.querySelector('[part~=qr] svg')!.checkVisibility()).to.equal(true);
    expect(words(root.querySelector('[part~=qr] figcaption p')!.textContent)).to.equal(en.qr.appOrBank('MoMo'));
  });
});

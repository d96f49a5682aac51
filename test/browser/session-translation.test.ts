import { expect, waitUntil } from '@open-wc/testing';
import type { Session } from '../../contract';
import { en, fr, resolveLocale, sw, vi } from '../../src/i18n/index';
import { toWireTranslation } from '../../src/i18n/wire';
import type { MomoCheckout } from '../../src/momo-checkout';
import { backends, createCheckout, fakeBackend, type FakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, words } from './helpers';

/**
 * Only English is built in: every other language comes with the session (`Session.translation`).
 * Nothing in this file registers a translation, as a page with the script tag registers none.
 */

const lang = (element: MomoCheckout) => element.shadowRoot!.querySelector('[part~=card]')!.getAttribute('lang');

describe('<momo-checkout> speaks the language its session brings', () => {
  let backend: FakeBackend | undefined;
  afterEach(() => {
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  async function show(session: Session | Record<string, unknown>): Promise<MomoCheckout> {
    backend?.restore();
    backend = fakeBackend(session as Session);
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    await element.updateComplete;
    return element;
  }

  it('has only English before a session brings another language', () => {
    expect(resolveLocale(['sw-KE', 'fr', 'vi', 'pt-AO'])).to.equal('en');
  });

  it('a session with a Swahili translation shows Swahili, values filled in', async () => {
    const element = await show(fixtureSession({ locale: 'sw-KE', instructions: [INSTRUCTIONS.ussd, INSTRUCTIONS.code], translation: toWireTranslation(sw) }));
    expect(lang(element)).to.equal('sw');
    expect(part(element, 'status')!.textContent).to.include(sw.status.pending);
    expect(part(element, 'ussd')!.textContent).to.include(sw.ussd.title);
    expect(words(part(element, 'code-expiry')!.textContent)).to.include(words(sw.code.validUntil('')));
    expect(part(element, 'card')!.getAttribute('aria-label')).to.equal(sw.checkoutLabel('Kampala Parents School'));
  });

  it('texts the translation lacks or has malformed read in English; the rest in its language', async () => {
    const french = toWireTranslation(fr) as unknown as Record<string, unknown> & { ussd: Record<string, unknown> };
    const partial = { ...french, status: 'not a group', ussd: { ...french.ussd, title: 7 } };
    const element = await show(fixtureSession({ locale: 'fr', instructions: [INSTRUCTIONS.ussd], translation: partial as unknown as Session['translation'] }));
    expect(lang(element)).to.equal('fr');
    expect(part(element, 'status')!.textContent).to.include(en.status.pending);
    expect(part(element, 'ussd')!.textContent).to.include(en.ussd.title).and.include(fr.ussd.hint);
  });

  for (const [what, translation] of [
    ['a $code that is no BCP 47 tag', { ...toWireTranslation(vi), $code: 'not a tag!' }],
    ['no $code', { ...toWireTranslation(vi), $code: undefined }],
    ['a string', 'Xin chào'],
    ['an array', [toWireTranslation(vi)]],
    ['null', null],
  ] as const) {
    it(`a malformed translation (${what}) falls back to English, and the checkout still shows`, async () => {
      const element = await show({ ...fixtureSession({ locale: 'vi', instructions: [INSTRUCTIONS.ussd] }), translation });
      expect(lang(element)).to.equal('en');
      expect(part(element, 'status')!.textContent).to.include(en.status.pending);
      expect(part(element, 'ussd')!.textContent).to.include(en.ussd.title);
      expect(part(element, 'error')).to.equal(null);
    });
  }
});

describe('<momo-checkout> on the reference backend', () => {
  afterEach(() => {
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  it('speaks the checkout’s locale, which the backend sends with the session', async () => {
    const checkout = await createCheckout(backends().api, { locale: 'vi' });
    const { element, next } = mount(checkout.token);
    await next('momo-ready');
    await element.updateComplete;
    expect(lang(element)).to.equal('vi');
    expect(part(element, 'status')!.textContent).to.include(vi.status.pending);
  });

  it('speaks its own locale attribute before the checkout’s: the backend is asked for it', async () => {
    const checkout = await createCheckout(backends().api, { locale: 'vi' });
    const element = document.createElement('momo-checkout') as MomoCheckout;
    element.setAttribute('locale', 'fr-CI');
    element.setAttribute('token', checkout.token);
    document.body.append(element);
    await waitUntil(() => part(element, 'status')?.textContent?.includes(fr.status.pending), 'the checkout in French', { timeout: 5_000 });
    expect(lang(element)).to.equal('fr');
  });
});

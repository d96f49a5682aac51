import { expect } from '@open-wc/testing';
import { formatAmount, formatDate } from '../../src/core/format';
import { en, fr, ptAO, registerTranslation, resolveLocale, resolveTranslation, sw, vi, type Translation } from '../../src/i18n/index';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, type FakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, words } from './helpers';

const LOCALES: Translation[] = [en, fr, ptAO, vi, sw];
// As an app that builds every language in: how the element picks among those it has, before any
// session (only English is built in; session-translation.test.ts has the language a session brings).
registerTranslation(fr, ptAO, vi, sw);

/** Every leaf of a translation by path; functions are called with a marker argument. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (typeof value === 'function') return [[path, (value as (...args: string[]) => unknown)('⟨X⟩', '⟨Y⟩')]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
  return [[path, value]];
}

/** Checks the element's language, status line (which may say more, e.g. a countdown) and amount. */
async function expectShown(element: MomoCheckout, want: { lang: string; status: string; amount: string }) {
  await element.updateComplete;
  expect(element.shadowRoot!.querySelector('[part~=card]')!.getAttribute('lang')).to.equal(want.lang);
  expect(part(element, 'status')!.textContent).to.include(want.status);
  expect(words(part(element, 'amount')!.textContent!)).to.equal(words(want.amount));
}

/** Replaces `navigator.languages` (what the browser's settings say) until `restore()`. */
function browserLanguages(languages: string[]) {
  Object.defineProperty(navigator, 'languages', { value: languages, configurable: true });
  return () => void delete (navigator as { languages?: unknown }).languages;
}

describe('translations', () => {
  it('every locale has every key of English, and no string is empty', () => {
    const keys = leaves(en).map(([path]) => path);
    for (const t of LOCALES) {
      const entries = leaves(t);
      expect(
        entries.map(([path]) => path),
        t.$code,
      ).to.deep.equal(keys);
      for (const [path, text] of entries) {
        expect(text, `${t.$code} ${path}`).to.be.a('string');
        expect((text as string).trim(), `${t.$code} ${path}`).not.to.equal('');
      }
    }
  });

  it('interpolations keep their arguments, and each locale says it in its own words', () => {
    for (const t of LOCALES) {
      expect(t.final.paid.body('⟨amount⟩', '⟨merchant⟩'), t.$code).to.include('⟨amount⟩').and.include('⟨merchant⟩');
      expect(t.deeplink.open('MoMo'), t.$code).to.include('MoMo');
      expect(t.push.invalid('244'), t.$code).to.include('244');
      expect(t.push.invalid(''), t.$code).not.to.equal(t.push.invalid('244'));
      expect(t.code.validUntil('14:32'), t.$code).to.include('14:32');
      expect(t.countdown.expiresIn('04:59'), t.$code).to.include('04:59');
    }
    // No locale is English copied over: their status lines all differ.
    expect(new Set(LOCALES.map((t) => t.status.pending)).size).to.equal(LOCALES.length);
    expect(vi.push.waitTitle).to.equal('Xác nhận thanh toán trên điện thoại');
    expect(sw.push.waitTitle).to.equal('Thibitisha malipo kwenye simu yako');
  });

  it('resolves by language with a region fallback, and skips tags it cannot use', () => {
    const cases: [(string | undefined)[], string, Translation][] = [
      [['pt-AO'], 'pt-AO', ptAO],
      [['pt-BR'], 'pt-BR', ptAO],
      [['fr-CI'], 'fr-CI', fr],
      [['sw-KE'], 'sw-KE', sw],
      [['sw-TZ'], 'sw-TZ', sw],
      [['vi-VN'], 'vi-VN', vi],
      [['EN-gb'], 'en-GB', en],
      [['de-DE', 'not a tag!', undefined, 'vi'], 'vi', vi],
      [['de', 'zh-Hans'], 'en', en],
      [[], 'en', en],
    ];
    for (const [candidates, locale, t] of cases) {
      expect(resolveLocale(candidates), candidates.join()).to.equal(locale);
      expect(resolveTranslation(resolveLocale(candidates)), candidates.join()).to.equal(t);
    }
  });
});

describe('amounts and dates in the locale', () => {
  const tags = ['en', 'fr', 'pt-AO', 'vi', 'sw', 'sw-KE', 'fr-CI'];

  it('currencies without minor units never show decimals, in any locale', () => {
    for (const currency of ['UGX', 'VND', 'XAF', 'XOF', 'RWF', 'GNF']) {
      for (const tag of tags) {
        const text = formatAmount('150000', currency, tag);
        expect(text.replace(/\D/g, ''), `${currency} ${tag}: ${text}`).to.equal('150000');
      }
    }
  });

  it('other currencies keep their two decimals: AOA 2500.5 is 2 500,50 Kz in Angola', () => {
    for (const tag of tags) {
      const text = formatAmount('2500.5', 'AOA', tag);
      expect(text.replace(/\D/g, ''), `${tag}: ${text}`).to.equal('250050');
    }
    expect(formatAmount('2500.5', 'AOA', 'pt-AO')).to.match(/^2\s500,50\sKz$/);
    expect(formatAmount('2500.5', 'AOA', 'en')).to.match(/^AOA\s2,500\.50$/);
  });

  it('VND in Vietnamese groups with dots and puts ₫ after', () => {
    expect(formatAmount('150000', 'VND', 'vi')).to.match(/^150\.000\s₫$/);
    expect(formatAmount('150000', 'UGX', 'fr')).to.match(/^150\s000\sUGX$/);
  });

  it('shows no decimals for UGX even when the browser’s currency data says two', () => {
    // An ICU whose data gives every currency two decimals unless told otherwise.
    const Real = Intl.NumberFormat;
    // biome-ignore lint/complexity/useArrowFunction: called with `new`, as Intl.NumberFormat is, which an arrow cannot be
    const Skewed = function (locale?: string, options: Intl.NumberFormatOptions = {}) {
      return new Real(locale, {
        ...options,
        minimumFractionDigits: options.minimumFractionDigits ?? 2,
        maximumFractionDigits: options.maximumFractionDigits ?? 2,
      });
    };
    Intl.NumberFormat = Skewed as unknown as typeof Intl.NumberFormat;
    try {
      expect(new Intl.NumberFormat('en', { style: 'currency', currency: 'UGX' }).format(150000)).to.match(/^UGX\s150,000\.00$/);
      expect(formatAmount('150000', 'UGX', 'en')).to.match(/^UGX\s150,000$/);
      expect(formatAmount('150000', 'VND', 'vi')).to.match(/^150\.000\s₫$/);
      expect(formatAmount('2500.5', 'AOA', 'en')).to.match(/2,500\.50$/);
    } finally {
      Intl.NumberFormat = Real;
    }
  });

  it('an unknown currency code is shown as given', () => {
    expect(formatAmount('12.5', 'NOPE1', 'fr')).to.equal('12.5 NOPE1');
  });

  it('dates are written in the locale; a bare due date is that day everywhere', () => {
    expect(formatDate('2026-12-05', 'vi', { dateStyle: 'long' })).to.equal('5 tháng 12, 2026');
    expect(formatDate('2026-12-05', 'pt-AO', { dateStyle: 'long' })).to.equal('5 de dezembro de 2026');
    expect(formatDate('2026-12-05', 'sw', { dateStyle: 'long' })).to.equal('5 Desemba 2026');
    expect(formatDate('2026-12-05', 'fr', { dateStyle: 'long' })).to.equal('5 décembre 2026');
  });
});

describe('<momo-checkout> picks its language', () => {
  let backend: FakeBackend | undefined;
  let restoreLanguages: (() => void) | undefined;
  afterEach(() => {
    backend?.restore();
    restoreLanguages?.();
    backend = restoreLanguages = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  it('the locale attribute first, and it re-renders when the attribute changes', async () => {
    backend = fakeBackend(fixtureSession({ locale: 'sw-TZ' }));
    const { element, next } = mount(fakeToken({ locale: 'pt-AO' }));
    element.setAttribute('locale', 'fr-CI');
    await next('momo-ready');
    await expectShown(element, { lang: 'fr', status: fr.status.pending, amount: formatAmount('150000', 'UGX', 'fr-CI') });

    element.locale = 'vi-VN';
    await expectShown(element, { lang: 'vi', status: vi.status.pending, amount: '150.000 UGX' });

    // A language the element doesn't speak falls through to the checkout's (the token's here).
    element.setAttribute('locale', 'de-DE');
    await expectShown(element, { lang: 'pt-AO', status: ptAO.status.pending, amount: formatAmount('150000', 'UGX', 'pt-AO') });
    element.removeAttribute('locale');
    await expectShown(element, { lang: 'pt-AO', status: ptAO.status.pending, amount: '150 000 UGX' });
  });

  it('then the token’s locale claim, before the session has even loaded', async () => {
    backend = fakeBackend(() => Response.json({ error: { code: 'NOT_FOUND', message: 'no such checkout' } }, { status: 404 }));
    const { element, next } = mount(fakeToken({ locale: 'vi' }));
    await next('momo-error');
    await element.updateComplete;
    expect(part(element, 'error')!.textContent).to.include(vi.errors.notFound).and.include(vi.errors.title);
  });

  it('then the session’s locale', async () => {
    backend = fakeBackend(fixtureSession({ locale: 'sw-KE', instructions: [INSTRUCTIONS.ussd] }));
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    await expectShown(element, { lang: 'sw', status: sw.status.pending, amount: 'UGX 150,000' });
    expect(part(element, 'ussd')!.textContent).to.include(sw.ussd.title);
  });

  it('then the browser’s languages in order, skipping those it doesn’t speak', async () => {
    restoreLanguages = browserLanguages(['de-DE', 'pt-BR', 'en']);
    backend = fakeBackend(fixtureSession({ locale: undefined, currency: 'AOA', amount: '2500.5' }));
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    await expectShown(element, { lang: 'pt-AO', status: ptAO.status.pending, amount: formatAmount('2500.5', 'AOA', 'pt-BR') });
  });

  it('follows the browser when its languages change, until it has a locale of its own', async () => {
    restoreLanguages = browserLanguages(['de-DE', 'fr']);
    backend = fakeBackend(fixtureSession({ locale: undefined }));
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    await expectShown(element, { lang: 'fr', status: fr.status.pending, amount: formatAmount('150000', 'UGX', 'fr') });

    Object.defineProperty(navigator, 'languages', { value: ['vi-VN'], configurable: true });
    window.dispatchEvent(new Event('languagechange'));
    await expectShown(element, { lang: 'vi', status: vi.status.pending, amount: '150.000 UGX' });

    element.locale = 'sw';
    await element.updateComplete;
    Object.defineProperty(navigator, 'languages', { value: ['fr'], configurable: true });
    window.dispatchEvent(new Event('languagechange'));
    await expectShown(element, { lang: 'sw', status: sw.status.pending, amount: formatAmount('150000', 'UGX', 'sw') });
  });

  it('and English when nothing else fits', async () => {
    restoreLanguages = browserLanguages(['de-DE', 'ja']);
    backend = fakeBackend(fixtureSession({ locale: 'zh-CN' }));
    const { element, next } = mount(fakeToken({ locale: 'nl' }));
    await next('momo-ready');
    await expectShown(element, { lang: 'en', status: en.status.pending, amount: 'UGX 150,000' });
  });

  it('shows UGX without decimals in every locale, and dates in the locale', async () => {
    const session = fixtureSession({ instructions: [INSTRUCTIONS['bank-reference'], INSTRUCTIONS.code] });
    backend = fakeBackend(session);
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    for (const t of LOCALES) {
      element.locale = t.$code;
      await element.updateComplete;
      expect(element.shadowRoot!.querySelector('[part~=card]')!.getAttribute('lang')).to.equal(t.$code);
      const amount = part(element, 'amount')!.textContent!;
      expect(amount.replace(/\D/g, ''), `${t.$code}: ${amount}`).to.equal('150000');
      const dueDate = [...part(element, 'bank-reference')!.querySelectorAll('dd')].at(-1)!;
      expect(dueDate.textContent!.trim()).to.equal(formatDate('2026-12-01', t.$code, { dateStyle: 'long' }));
      expect(part(element, 'code-expiry')!.textContent).to.include(t.code.validUntil('').trim());
    }
    element.locale = 'vi';
    await element.updateComplete;
    expect(words(part(element, 'bank-reference')!.textContent!))
      .to.include('1 tháng 12, 2026')
      .and.include('15.000 UGX');
  });
});

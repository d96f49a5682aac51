import { expect, fixture, html } from '@open-wc/testing';
import { formatAmount, isAmbiguous } from '../../src/core/format';
import { en } from '../../src/i18n/en';
import { bankReferenceView, type ViewContext } from '../../src/views/index';
import { fixtureSession, INSTRUCTIONS, words } from './helpers';

/** Amounts as read: Intl's no-break and narrow no-break spaces as plain spaces. */
const shown = (amount: string, currency: string, locale: string, country?: string) => words(formatAmount(amount, currency, locale, country));

describe('currency symbols that another currency of the country shares become codes', () => {
  it('Liberia: LRD and USD are both "$" there, so both show their code where the symbol is "$"', () => {
    expect(shown('4500', 'LRD', 'en-LR', 'LR')).to.equal('LRD 4,500.00');
    expect(shown('25', 'USD', 'en-US', 'LR')).to.equal('USD 25.00');
    expect(shown('25', 'USD', 'en', 'lr'), 'the country in any case').to.equal('USD 25.00');
    // Symbols that name one currency stay.
    expect(shown('25', 'USD', 'en-LR', 'LR')).to.equal('US$25.00');
    expect(shown('25', 'USD', 'fr', 'LR')).to.equal('25,00 $US');
    expect(shown('4500', 'LRD', 'fr', 'LR'), 'a code already').to.equal('4 500,00 LRD');
  });

  it('elsewhere, and without a country, the locale’s symbol stays', () => {
    expect(shown('25', 'USD', 'en-US')).to.equal('$25.00');
    expect(shown('25', 'USD', 'en-US', 'UG'), 'no other "$" in Uganda').to.equal('$25.00');
    expect(shown('259000', 'VND', 'vi', 'VN')).to.equal('259.000 ₫');
    expect(shown('45000', 'AOA', 'pt-AO', 'AO')).to.equal('45 000,00 Kz');
    expect(shown('15000', 'RWF', 'sw', 'RW')).to.equal('RWF 15,000');
    expect(shown('15000', 'RWF', 'en-RW', 'RW')).to.equal('RF 15,000');
    expect(shown('150000', 'UGX', 'en', 'ZZ'), 'a country not listed').to.equal('UGX 150,000');
  });

  it('keeps the minor units rule and the unknown-currency fallback', () => {
    expect(shown('15000', 'RWF', 'en', 'RW')).to.equal('RWF 15,000');
    expect(formatAmount('12.5', 'NOPE1', 'fr', 'LR')).to.equal('12.5 NOPE1');
    expect(isAmbiguous('NOPE1', 'en', 'LR')).to.equal(false);
    expect(isAmbiguous('USD', 'en-US', undefined)).to.equal(false);
    expect(isAmbiguous('USD', 'en-US', 'LR')).to.equal(true);
    expect(isAmbiguous('USD', 'en-LR', 'LR')).to.equal(false);
  });

  it("the bank slip's amount, for the checkout's country", async () => {
    const session = fixtureSession({ currency: 'LRD', country: 'LR', locale: 'en-LR', instructions: [] });
    const ctx: ViewContext = { session, t: en, locale: 'en-LR', device: 'desktop', canDialCodes: true, status: 'pending', copy: () => {}, copyState: () => 'idle' };
    const slip = await fixture<HTMLElement>(html`<div>${bankReferenceView.render({ ...INSTRUCTIONS['bank-reference'], amount: '4500.00' }, ctx, {})}</div>`);
    const amount = [...slip.querySelectorAll('dd')][2]!;
    expect(words(amount.textContent)).to.equal('LRD 4,500.00');
  });
});

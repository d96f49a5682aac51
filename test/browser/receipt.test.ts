import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { Session, StatusUpdate } from '../../contract';
import { en } from '../../src/i18n/en';
import { fr, ptAO, registerTranslation, sw, vi } from '../../src/i18n/index';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, type FakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, words } from './helpers';

/**
 * School fees: what is paid for and by whom (reference, payer, items) under the amount, and the
 * proof of payment in every paid panel (amount charged, date and time, merchant, reference,
 * transaction id), which prints as a clean receipt; the bank slip prints its issue date.
 */
const SCHOOL: Partial<Session> = {
  reference: 'Ana Silva P5',
  payerName: 'Maria Silva',
  createdAt: '2026-03-01T08:30:00.000Z',
  items: [
    { name: 'Tuition, term 1', quantity: 1, unitAmount: '120000' },
    { name: 'Exercise books', quantity: 3, unitAmount: '10000' },
  ],
};
const PAID_AT = '2026-03-02T09:41:00.000Z';
const PROOF = { paidAt: PAID_AT, transactionId: 'MP260302.0941.A12345' };
const RECEIPT_URL = 'https://momo.test/receipts/1';
/** As the payer reads the date on the receipt: their locale, their browser's time zone. */
const when = (value: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(value));

// As an app that builds every language in: the `locale` attribute picks among them.
registerTranslation(fr, ptAO, vi, sw);

let backend: FakeBackend | undefined;

/** A checkout that loads pending and is then paid with `update` over the event stream. */
async function paid(overrides: Partial<Session> = {}, update: Partial<StatusUpdate> = { payment: PROOF, receiptUrl: RECEIPT_URL }, locale?: string) {
  backend?.restore();
  backend = fakeBackend(fixtureSession({ ...SCHOOL, ...overrides }));
  const parent = document.createElement('div');
  document.body.append(parent);
  const { element, next } = mount(fakeToken(), parent);
  if (locale) element.locale = locale;
  await next('momo-ready');
  await waitUntil(() => backend!.requests.includes('/v1/session/events'), 'the event stream is open');
  backend.push({ status: 'paid', updatedAt: '2026-03-02T09:41:05.000Z', ...update });
  await waitUntil(() => part(element, 'payment-proof'), 'the proof of payment');
  await element.updateComplete;
  return element;
}

/** The proof's rows, label → value, as read. */
const rows = (element: MomoCheckout) =>
  Object.fromEntries([...part(element, 'payment-proof')!.querySelectorAll(':scope > div')].map((row) => [words(row.querySelector('dt')!.textContent), words(row.querySelector('dd')!.textContent)]));

const shown = (element: Element | null) => element !== null && getComputedStyle(element).display !== 'none' && (element as HTMLElement).offsetParent !== null;

describe('school fees and the receipt', () => {
  afterEach(async () => {
    await emulateMedia({ media: 'screen' });
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.parentElement!.remove();
    });
  });

  it('the summary shows the merchant’s reference, the payer and each item (name × quantity, amount)', async () => {
    backend = fakeBackend(fixtureSession(SCHOOL));
    const { element, next } = mount(fakeToken(), document.body.appendChild(document.createElement('div')));
    await next('momo-ready');
    await element.updateComplete;
    expect(words(part(element, 'reference')!.textContent)).to.equal('Ana Silva P5');
    expect(words(part(element, 'reference')!.previousElementSibling!.textContent)).to.equal(en.details.reference);
    expect(words(part(element, 'payer-name')!.textContent)).to.equal('Maria Silva');
    const lines = [...part(element, 'items')!.querySelectorAll('li')].map((li) => words(li.textContent));
    expect(lines).to.deep.equal(['Tuition, term 1 × 1 USh 120,000', 'Exercise books × 3 USh 30,000']);
    expect(part(element, 'items')!.querySelector('details')).to.equal(null);
    await expect(element).to.be.accessible();
  });

  it('folds a long list of items after three while the payer pays, and shows them all once paid', async () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ name: `Item ${i + 1} with a rather long name for a phone`, quantity: 1, unitAmount: '1000' }));
    const element = await paid({ items });
    expect(part(element, 'items')!.querySelectorAll('li').length).to.equal(7);
    expect(part(element, 'items')!.querySelector('details')).to.equal(null);

    backend!.restore();
    backend = fakeBackend(fixtureSession({ ...SCHOOL, items }));
    const { element: pending, next } = mount(fakeToken(), document.body.appendChild(document.createElement('div')));
    await next('momo-ready');
    await pending.updateComplete;
    const details = part(pending, 'items')!.querySelector('details')!;
    expect(words(details.querySelector('summary')!.textContent)).to.equal(en.details.moreItems('4'));
    expect([...part(pending, 'items')!.querySelectorAll(':scope > ul > li')].length).to.equal(3);
    expect(details.open).to.equal(false);
    // On the demo's column of a 320px phone, names wrap and amounts stay whole, inside the card.
    pending.style.width = '254px';
    const card = part(pending, 'card')!.getBoundingClientRect();
    for (const li of part(pending, 'items')!.querySelectorAll('li')) {
      const box = li.getBoundingClientRect();
      expect(box.right, li.textContent!).to.be.at.most(card.right);
      expect(li.lastElementChild!.getBoundingClientRect().height).to.be.below(24);
    }
  });

  it('the paid panel shows amount, date and time, merchant, reference, payer and the transaction id (copyable), and keeps the provider’s receipt', async () => {
    const element = await paid();
    expect(rows(element)).to.deep.equal({
      [en.proof.amount]: 'USh 150,000',
      [en.proof.paidAt]: words(when(PAID_AT, 'en-UG')),
      [en.proof.merchant]: 'Kampala Parents School',
      [en.details.reference]: 'Ana Silva P5',
      [en.details.payer]: 'Maria Silva',
      [en.proof.transactionId]: `MP260302.0941.A12345 ${en.copy} ${en.proof.transactionId}`,
    });
    expect(part(element, 'receipt')!.getAttribute('href')).to.equal(RECEIPT_URL);
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text: string) => void copied.push(text) }, configurable: true });
    try {
      part(element, 'payment-proof')!.querySelector<HTMLButtonElement>('[part~=copy-button]')!.click();
      await waitUntil(() => copied.length === 1);
      expect(copied).to.deep.equal([PROOF.transactionId]);
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
    await expect(element).to.be.accessible();
  });

  it('without a proof from the provider: the update’s time, no transaction id; with a fee: the total and its breakdown', async () => {
    const element = await paid(
      { amount: '25.00', currency: 'USD', country: 'LR', locale: 'en-US', reference: undefined, payerName: undefined, items: undefined },
      { charge: { amount: '25.00', fee: '1.00', total: '26.00', currency: 'USD' } },
    );
    expect(rows(element)).to.deep.equal({
      [en.proof.amount]: `USD 26.00 ${en.details.charge('USD 25.00', 'USD 1.00')}`,
      [en.proof.paidAt]: words(when('2026-03-02T09:41:05.000Z', 'en-US')),
      [en.proof.merchant]: 'Kampala Parents School',
    });
    expect(part(element, 'transaction-id')).to.equal(null);
    expect(part(element, 'receipt')).to.equal(null);
  });

  it('speaks the payer’s language on the receipt (Vietnamese)', async () => {
    const element = await paid({ amount: '259000', currency: 'VND', items: undefined }, { payment: PROOF }, 'vi');
    const labels = Object.keys(rows(element));
    expect(labels).to.deep.equal([vi.proof.amount, vi.proof.paidAt, vi.proof.merchant, vi.details.reference, vi.details.payer, vi.proof.transactionId]);
    expect(rows(element)[vi.proof.paidAt]).to.equal(words(when(PAID_AT, 'vi')));
    expect(words(part(element, 'print-button')!.textContent)).to.equal(vi.proof.print);
  });

  it('says it in every locale, in its own words, and fits the demo’s column on a 320px phone', async () => {
    const element = await paid({ items: [{ name: 'Uniforme escolar completo (camisa, calças)', quantity: 2, unitAmount: '75000' }] });
    for (const t of [en, fr, ptAO, sw, vi]) {
      expect(t.details.charge('⟨A⟩', '⟨F⟩'), t.$code).to.include('⟨A⟩').and.include('⟨F⟩');
      expect(t.details.moreItems('4'), t.$code).to.include('4');
      if (t !== en) for (const key of ['print', 'transactionId', 'paidAt'] as const) expect(t.proof[key], `${t.$code} ${key}`).not.to.equal(en.proof[key]);
      element.locale = t.$code;
      element.style.width = '254px';
      await element.updateComplete;
      expect(words(part(element, 'print-button')!.textContent), t.$code).to.equal(t.proof.print);
      const card = part(element, 'card')!.getBoundingClientRect();
      const out = [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part~=card] *')].filter((node) => {
        const box = node.getBoundingClientRect();
        return box.width > 0 && (box.left < card.left - 0.5 || box.right > card.right + 0.5);
      });
      expect(
        out.map((node) => node.localName),
        t.$code,
      ).to.deep.equal([]);
    }
    expect(new Set([en, fr, ptAO, sw, vi].map((t) => t.proof.amount)).size).to.equal(5);
  });

  it('“Print receipt” prints the page', async () => {
    const element = await paid();
    const print = window.print;
    let printed = 0;
    window.print = () => void printed++;
    try {
      part(element, 'print-button')!.click();
    } finally {
      window.print = print;
    }
    expect(printed).to.equal(1);
    expect(words(part(element, 'print-button')!.textContent)).to.equal(en.proof.print);
  });

  it('prints a clean receipt: no buttons, links, status line or “close this page”; black on white, in the dark theme too', async () => {
    const element = await paid();
    element.setAttribute('theme', 'dark');
    const body = part(element, 'final')!.querySelector('h2 + p')!;
    expect(shown(body)).to.equal(true);
    await emulateMedia({ media: 'print' });
    for (const name of ['print-button', 'copy-button', 'receipt', 'status']) expect(shown(part(element, name)), name).to.equal(false);
    expect(shown(body)).to.equal(false);
    for (const name of ['merchant', 'amount', 'reference', 'payer-name', 'items', 'payment-proof', 'transaction-id']) expect(shown(part(element, name)), name).to.equal(true);
    const card = getComputedStyle(part(element, 'card')!);
    expect(card.backgroundColor).to.equal('rgb(255, 255, 255)');
    expect(card.borderStyle).to.equal('none');
    for (const name of ['merchant', 'amount', 'transaction-id']) expect(getComputedStyle(part(element, name)!).color, name).to.equal('rgb(0, 0, 0)');
    expect(getComputedStyle(part(element, 'payment-proof')!.querySelector('dt')!).color).to.equal('rgb(0, 0, 0)');
  });

  it('prints every item, folded ones too, and fits a thermal roll', async () => {
    const items = Array.from({ length: 6 }, (_, i) => ({ name: `Item ${i + 1}`, quantity: 2, unitAmount: '500' }));
    backend = fakeBackend(fixtureSession({ ...SCHOOL, items, instructions: [INSTRUCTIONS['bank-reference']] }));
    const { element, next } = mount(fakeToken(), document.body.appendChild(document.createElement('div')));
    await next('momo-ready');
    await element.updateComplete;
    await emulateMedia({ media: 'print' });
    const lines = [...part(element, 'items')!.querySelectorAll('li')];
    expect(lines.filter(shown).length).to.equal(6);
    expect(lines.every((li) => li.getBoundingClientRect().height > 0)).to.equal(true);
    expect(shown(part(element, 'items')!.querySelector('summary'))).to.equal(false);

    // A paid receipt on an 80 mm roll (about 272 CSS px printable): nothing sticks out of the card.
    const receipt = await paid();
    receipt.style.width = '272px';
    const card = part(receipt, 'card')!.getBoundingClientRect();
    for (const node of receipt.shadowRoot!.querySelectorAll<HTMLElement>('[part~=card] *')) {
      const box = node.getBoundingClientRect();
      if (box.width > 0) expect(box.right, node.localName).to.be.at.most(card.right + 0.5);
    }
  });

  it('the bank slip says when it was issued, and prints with the reference and the payer', async () => {
    backend = fakeBackend(fixtureSession({ ...SCHOOL, locale: 'en', instructions: [INSTRUCTIONS.qr, INSTRUCTIONS['bank-reference']] }));
    const { element, next } = mount(fakeToken(), document.body.appendChild(document.createElement('div')));
    await next('momo-ready');
    await element.updateComplete;
    const slip = part(element, 'bank-reference')!;
    const issued = [...slip.querySelectorAll('dt')].find((dt) => dt.textContent === en.bank.issued);
    expect(words(issued?.nextElementSibling?.textContent)).to.equal('March 1, 2026');
    await emulateMedia({ media: 'print' });
    for (const name of ['bank-reference', 'reference', 'payer-name', 'amount']) expect(shown(part(element, name)), name).to.equal(true);
    expect(shown(issued!)).to.equal(true);
    expect(shown(part(element, 'qr'))).to.equal(false);
  });
});

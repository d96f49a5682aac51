import { expect, waitUntil } from '@open-wc/testing';
import type { PushInstruction } from '../../contract';
import { en } from '../../src/i18n/en';
import { backends, captureConsoleErrors, createCheckout, fakeBackend, type FakeBackend, fakeToken, fixtureSession, mount, part, words } from './helpers';

const LIBERIA = '^231(?:77|88|55)\\d{7}$';
const push = (fee?: unknown): PushInstruction => ({ kind: 'push', needsPhone: true, phonePattern: LIBERIA, operators: ['MTN'], ...(fee === undefined ? {} : { fee }) }) as PushInstruction;

/** The element showing `instruction`, loaded through a fresh fake backend. */
async function show(instruction: PushInstruction) {
  backend?.restore();
  backend = fakeBackend(fixtureSession({ amount: '20.00', currency: 'USD', locale: 'en', instructions: [instruction] }));
  const { element, next } = mount(fakeToken());
  await next('momo-ready');
  await element.updateComplete;
  return element.shadowRoot!;
}

/** A Dollr checkout at the real backend, on screen. */
async function showDollr(body: Record<string, unknown>) {
  const checkout = await createCheckout(backends().api, { provider: 'dollr', method: 'collection', ...body });
  const { element, next } = mount(checkout.token);
  await next('momo-ready');
  await element.updateComplete;
  return element;
}

let backend: FakeBackend | undefined;
const feeOf = (root: ParentNode) => root.querySelector('[part~=push-fee]');

describe('push: the provider’s fee', () => {
  afterEach(() => {
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  // Against the real reference backend and its Dollr sandbox (20.00 USD: 3 % + 1 % on top).
  it('shows Dollr’s fee and the total, formatted, under the phone field and while the payer approves', async () => {
    const element = await showDollr({ amount: '20.00', currency: 'USD', locale: 'en' });
    const form = part(element, 'push')!;
    expect(words(feeOf(form)?.textContent)).to.equal('Fee: USD 0.80 · You pay USD 20.80 in total' /* in Liberia, $ alone could be LRD */);
    expect(words(form.querySelector('#momo-phone-hint')!.textContent)).to.equal(`MTN or Orange · ${en.push.example('088 123 4567')} · ${en.push.hint}` /* as Liberians write it */);
    expect(part(element, 'phone-input')!.getAttribute('aria-describedby')).to.equal('momo-phone-hint momo-push-fee');
    await expect(element).to.be.accessible();

    (part(element, 'phone-input') as HTMLInputElement).value = '231 88 123 4567';
    part(element, 'pay-button')!.click();
    await waitUntil(() => part(element, 'push-wait'), 'the "approve on your phone" block');
    expect(words(feeOf(part(element, 'push-wait')!)?.textContent)).to.equal('Fee: USD 0.80 · You pay USD 20.80 in total' /* in Liberia, $ alone could be LRD */);
  });

  it('formats the fee in the payer’s language and the currency’s minor units (RWF has none)', async () => {
    const element = await showDollr({ amount: '5000', currency: 'RWF', locale: 'fr' });
    expect(words(feeOf(part(element, 'push')!)?.textContent)).to.equal('Frais : 200 RWF · Vous payez 5 200 RWF au total');
  });

  it('shows nothing about a fee when there is none (MTN, or the merchant bears it)', async () => {
    const root = await show(push());
    expect(root.querySelector('[part~="push"]')).to.not.equal(null);
    expect(feeOf(root)).to.equal(null);
    expect(root.textContent).to.not.contain('Fee');
    expect(root.querySelector('[part~="phone-input"]')!.getAttribute('aria-describedby')).to.equal('momo-phone-hint');
    const waiting = await show({ ...push(), needsPhone: false });
    expect(waiting.querySelector('[part~="push-wait"]')).to.not.equal(null);
    expect(feeOf(waiting)).to.equal(null);
  });

  it('sends the fee it shows with the number (the payer agrees to that one), and none when it shows none', async () => {
    for (const [fee, sent] of [
      [{ amount: '0.80', currency: 'USD', payerAmount: '20.80' }, '0.80'],
      [undefined, undefined],
      [{ amount: 0.8, currency: 'USD' }, undefined],
    ] as const) {
      const root = await show(push(fee));
      (root.querySelector('[part~="phone-input"]') as HTMLInputElement).value = '231881234567';
      root.querySelector<HTMLButtonElement>('[part~="pay-button"]')!.click();
      await waitUntil(() => backend!.bodies.some((body) => body.path === '/v1/session/pay'), 'the push is sent');
      const body = backend!.bodies.find((request) => request.path === '/v1/session/pay')!.body as { phone: string; fee?: string };
      expect(body, JSON.stringify(fee)).to.deep.equal(sent === undefined ? { phone: '231881234567' } : { phone: '231881234567', fee: sent });
    }
  });

  it('shows the fee alone when the total is not given', async () => {
    const root = await show(push({ amount: '0.80', currency: 'USD' }));
    expect(words(feeOf(root)?.textContent)).to.equal('Fee: $0.80');
  });

  it('ignores a malformed fee instead of failing: the payer can still pay', async () => {
    const errors = captureConsoleErrors();
    try {
      for (const fee of [
        '0.80 USD',
        null,
        { amount: 0.8, currency: 'USD' },
        { amount: '0.80', currency: 'usd' },
        { amount: '<img src=x onerror="window.__pwned = true">', currency: 'USD' },
        { currency: 'USD' },
      ]) {
        const root = await show(push(fee));
        expect(feeOf(root), JSON.stringify(fee)).to.equal(null);
        expect(root.querySelector('[part~="phone-input"]'), JSON.stringify(fee)).to.not.equal(null);
      }
      // A bad total is dropped on its own; the fee still shows.
      const root = await show(push({ amount: '0.80', currency: 'USD', payerAmount: 20.8 }));
      expect(words(feeOf(root)?.textContent)).to.equal('Fee: $0.80');
    } finally {
      errors.restore();
    }
    expect(errors.messages).to.deep.equal([]);
  });
});

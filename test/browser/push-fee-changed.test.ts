import { expect, waitUntil } from '@open-wc/testing';
import { en } from '../../src/i18n/en';
import { backends, createCheckout, mount, part, words } from './helpers';

// Against the real backend and its Dollr sandbox: before the phone the fee shown is MTN
// Liberia's (3 % + 1 %); an Orange number's is higher (3.5 % + 1 %).
describe('push: a fee that changes with the payer’s operator', () => {
  afterEach(() =>
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    }),
  );

  it('says the new fee instead of sending, then sends when the payer sends again', async () => {
    const checkout = await createCheckout(backends().api, { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD', locale: 'en' });
    const { element, next } = mount(checkout.token);
    await next('momo-ready');
    await element.updateComplete;
    expect(words(part(element, 'push-fee')?.textContent)).to.equal('Fee: USD 0.80 · You pay USD 20.80 in total');

    (part(element, 'phone-input') as HTMLInputElement).value = '231 77 123 4567';
    part(element, 'pay-button')!.click();
    // The number is fine: a notice beside the button, not an error on the field.
    await waitUntil(() => part(element, 'push-notice'), 'the refusal');
    expect(words(part(element, 'push-notice')!.textContent)).to.equal(en.push.feeChanged);
    expect(part(element, 'phone-input')!.getAttribute('aria-invalid')).to.equal('false');
    // The fee line now shows what this number's operator charges.
    await waitUntil(() => words(part(element, 'push-fee')?.textContent) === 'Fee: USD 0.90 · You pay USD 20.90 in total', 'the new fee is shown');
    expect(part(element, 'push-wait') === null, 'nothing sent').to.equal(true);
    // The same number stays in the field: as typed, or in the national form the field may show it in once sent.
    expect(['231771234567', '0771234567'], 'the number stays typed').to.include((part(element, 'phone-input') as HTMLInputElement).value.replace(/\D/g, ''));

    part(element, 'pay-button')!.click();
    await waitUntil(() => part(element, 'push-wait'), 'the "approve on your phone" block');
  });
});

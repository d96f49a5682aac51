/**
 * The phone field of a push method as people in the checkout's country write numbers: read in
 * any common form, grouped as they type with the caret kept, the example and a merchant's
 * prefill written as at home, and the operators named in the payer's language.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PhoneRules, PushInstruction } from '../../contract';
import { en } from '../../src/i18n/en';
import type { MomoCheckout } from '../../src/momo-checkout';
import { backends, createCheckout, fakeBackend, type FakeBackend, fakeToken, fixtureSession, mount, part, words } from './helpers';
import { translationFor } from './session-translation';

const UGANDA: PhoneRules = { country: 'UG', callingCode: '256', nationalPrefix: '0', lengths: [9], groups: [3, 3, 3] };
const LIBERIA: PhoneRules = { country: 'LR', callingCode: '231', nationalPrefix: '0', lengths: [7, 8, 9], groups: [2, 3, 4] };
const MTN_UG = '^256(?:7[678]|39)\\d{7}$';

const push = (extra: Partial<PushInstruction> = {}): PushInstruction => ({
  kind: 'push',
  needsPhone: true,
  phonePattern: MTN_UG,
  phoneExample: '256772123456',
  phoneRules: UGANDA,
  operators: ['MTN MoMo'],
  ...extra,
});

let backend: FakeBackend | undefined;

async function show(instruction: PushInstruction, locale = 'en') {
  backend?.restore();
  backend = fakeBackend(fixtureSession({ locale, ...translationFor(locale), instructions: [instruction] }), {
    pay: () => Response.json({ status: 'processing', updatedAt: new Date().toISOString() }, { status: 202 }),
  });
  const { element, next } = mount(fakeToken());
  await next('momo-ready');
  await element.updateComplete;
  return element;
}

const field = (element: MomoCheckout) => part(element, 'phone-input') as HTMLInputElement;
const hintText = (element: MomoCheckout) => words(element.shadowRoot!.getElementById('momo-phone-hint')!.textContent);

/** Types into the empty field, as a payer would. */
async function typeIn(element: MomoCheckout, text: string): Promise<HTMLInputElement> {
  const input = field(element);
  input.value = '';
  input.focus();
  await sendKeys({ type: text });
  return input;
}

/** Sends what is in the field; resolves with the body the backend got, or undefined when the element refused it itself. */
async function submit(element: MomoCheckout): Promise<unknown> {
  const before = backend!.bodies.length;
  part(element, 'pay-button')!.click();
  await waitUntil(() => backend!.bodies.length > before || part(element, 'phone-error'), 'a request or an error');
  await element.updateComplete;
  return backend!.bodies.length > before ? backend!.bodies.at(-1)!.body : undefined;
}

describe('the phone field, as the country writes numbers', () => {
  afterEach(() => {
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  describe('reading what the payer types', () => {
    for (const typed of ['0772123456', '0772 123 456', '+256 772 123 456', '256772123456', '00256772123456', '772 123 456', '(0772) 123-456']) {
      it(`"${typed}" is sent as 256772123456`, async () => {
        const element = await show(push());
        await typeIn(element, typed);
        expect(await submit(element)).to.deep.equal({ phone: '256772123456' });
      });
    }

    it('a Liberian national form, for a Liberian checkout', async () => {
      const element = await show(push({ phonePattern: '^231(?:77|88|55)\\d{7}$', phoneExample: '231881234567', phoneRules: LIBERIA, operators: ['MTN', 'Orange'] }));
      await typeIn(element, '088 123 4567');
      expect(await submit(element)).to.deep.equal({ phone: '231881234567' });
    });

    it('a number the method does not take is refused on the field, naming the national example, with no request', async () => {
      const element = await show(push());
      await typeIn(element, '0701 234 567'); // Airtel, for MTN
      expect(await submit(element)).to.equal(undefined);
      expect(part(element, 'phone-error')!.textContent).to.equal(en.push.invalid('0772 123 456'));
      expect(field(element).getAttribute('aria-invalid')).to.equal('true');
    });
  });

  describe('grouping as the payer types', () => {
    const cases: [typed: string, shown: string][] = [
      ['0772123456', '0772 123 456'],
      ['+256772123456', '+256 772 123 456'],
      ['256772123456', '256 772 123 456'],
      ['772123456', '772 123 456'],
      ['07721', '0772 1'],
    ];
    for (const [typed, shown] of cases) {
      it(`"${typed}" reads "${shown}"`, async () => {
        const element = await show(push());
        expect((await typeIn(element, typed)).value).to.equal(shown);
      });
    }

    it('in Liberia, as Liberians group them', async () => {
      const element = await show(push({ phonePattern: '^231(?:77|88|55)\\d{7}$', phoneExample: '231881234567', phoneRules: LIBERIA }));
      expect((await typeIn(element, '0881234567')).value).to.equal('088 123 4567');
      expect((await typeIn(element, '+231881234567')).value).to.equal('+231 88 123 4567');
    });

    it('keeps the caret after the digit typed in the middle, and a backspace after a space deletes the digit before it', async () => {
      const element = await show(push());
      const input = await typeIn(element, '0772123456');
      input.setSelectionRange(4, 4); // after "0772"
      await sendKeys({ type: '9' });
      expect([input.value, input.selectionStart]).to.deep.equal(['0772 912 345 6', 6]);

      await typeIn(element, '0772123456');
      input.setSelectionRange(5, 5); // after "0772 "
      await sendKeys({ press: 'Backspace' });
      expect([input.value, input.selectionStart]).to.deep.equal(['0771 234 56', 3]);
    });
  });

  describe('before the payer types', () => {
    it('the example, as the placeholder and in the hint, is written as at home', async () => {
      const element = await show(push());
      expect(field(element).placeholder).to.equal('0772 123 456');
      expect(hintText(element)).to.equal(`MTN MoMo · ${en.push.example('0772 123 456')} · ${en.push.hint}`);
      await expect(element).to.be.accessible();
    });

    it('a country without trunk prefix writes it bare (Angola)', async () => {
      const element = await show(push({ phonePattern: '^244\\d{9}$', phoneExample: '244923000000', phoneRules: { country: 'AO', callingCode: '244', lengths: [9], groups: [3, 3, 3] } }));
      expect(field(element).placeholder).to.equal('923 000 000');
    });

    it("the merchant's number for the payer is in the field, as at home, and the payer may change it", async () => {
      const element = await show(push({ prefill: '256782123456' }));
      expect(field(element).value).to.equal('0782 123 456');
      expect(await submit(element)).to.deep.equal({ phone: '256782123456' });
    });

    it('a prefill the payer changed stays changed', async () => {
      const element = await show(push({ prefill: '256782123456' }));
      await typeIn(element, '0772 123 456');
      expect(await submit(element)).to.deep.equal({ phone: '256772123456' });
    });

    it('malformed rules or prefill are ignored: digits in threes, as before', async () => {
      const element = await show(push({ phoneRules: { country: 'UG', callingCode: 'abc' } as unknown as PhoneRules, prefill: '<b>1</b>' }));
      expect(field(element).placeholder).to.equal('256 772 123 456');
      expect(field(element).value).to.equal('');
    });
  });

  describe('the operators, in the payer’s language', () => {
    const liberia = () => push({ phonePattern: '^231(?:77|88|55)\\d{7}$', phoneExample: '231881234567', phoneRules: LIBERIA, operators: ['MTN', 'Orange'] });
    const cases: [locale: string, phrase: string][] = [
      ['en', 'MTN or Orange'],
      ['fr', 'MTN ou Orange'],
      ['vi', 'MTN hoặc Orange'],
    ];
    for (const [locale, phrase] of cases) {
      it(`${locale}: "${phrase}"`, async () => {
        const element = await show(liberia(), locale);
        expect(words(element.shadowRoot!.querySelector('#momo-phone-hint strong')!.textContent)).to.equal(phrase);
      });
    }
  });

  // The real reference backend: MTN MoMo's request-to-pay in its default environment (mtnuganda).
  it('through the real backend: the national example, the merchant’s number prefilled, a national form paid', async () => {
    const checkout = await createCheckout(backends().api, { method: 'request-to-pay', payer: { phone: '0782 123 456' } });
    const { element, next } = mount(checkout.token);
    await next('momo-ready');
    await element.updateComplete;
    expect(field(element).placeholder).to.equal('0772 123 456');
    expect(field(element).value).to.equal('0782 123 456');
    part(element, 'pay-button')!.click();
    await waitUntil(() => part(element, 'push-wait'), 'the wait screen');
    element.remove();
  });
});

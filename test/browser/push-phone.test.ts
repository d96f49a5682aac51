/**
 * The phone number of a push method: its format before the payer types, where the request
 * went once sent, and a provider's refusal of the number in the payer's words.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { PushInstruction } from '../../contract';
import { en } from '../../src/i18n/en';
import { fr } from '../../src/i18n/fr';
import type { MomoCheckout } from '../../src/momo-checkout';
import { backends, captureConsoleErrors, createCheckout, fakeBackend, type FakeBackend, fakeToken, fixtureSession, mount, part, words } from './helpers';
import { translationFor } from './session-translation';

const UGANDA = '^256(?:7[678]|39)\\d{7}$';
const push = (extra: Partial<Record<keyof PushInstruction, unknown>> = {}) => ({ kind: 'push', needsPhone: true, phonePattern: UGANDA, operators: ['MTN MoMo'], ...extra }) as PushInstruction;

const refusal = (code: string, message = `Refused: ${code}`) => Response.json({ error: { code, message } }, { status: 422 });
const accepted = () => Response.json({ status: 'processing', updatedAt: new Date().toISOString() }, { status: 202 });

let backend: FakeBackend | undefined;

/** The element showing `instruction` through a fresh fake backend; `pay` answers `POST /v1/session/pay`. */
async function show(instruction: PushInstruction, { pay = accepted, locale = 'en' }: { pay?: (body: unknown) => Response; locale?: string } = {}) {
  backend?.restore();
  backend = fakeBackend(fixtureSession({ locale, ...translationFor(locale), instructions: [instruction] }), { pay });
  const { element, next } = mount(fakeToken());
  await next('momo-ready');
  await element.updateComplete;
  return element;
}

/** Types `digits` into the phone field and sends; resolves once the outcome is on screen. */
async function send(element: MomoCheckout, digits: string): Promise<void> {
  const input = part(element, 'phone-input') as HTMLInputElement;
  input.value = '';
  input.focus();
  await sendKeys({ type: digits });
  const before = backend!.bodies.length;
  part(element, 'pay-button')!.click();
  await waitUntil(() => backend!.bodies.length > before, 'the request');
  await element.updateComplete; // "Sending…": an earlier error is gone
  await waitUntil(() => part(element, 'push-wait') || part(element, 'phone-error') || part(element, 'push-notice'), 'the outcome');
  await element.updateComplete;
}

const sentLine = (element: MomoCheckout) => [...part(element, 'push-wait')!.querySelectorAll('p')].map((p) => words(p.textContent)).find((text) => text.startsWith('Sent to'));

describe('push: the number', () => {
  afterEach(() => {
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  describe('its format, before the payer types', () => {
    it('shows the method’s example, grouped, as the placeholder and in the hint the field is described by', async () => {
      const element = await show(push({ phoneExample: '256772123456' }));
      const input = part(element, 'phone-input') as HTMLInputElement;
      expect(input.placeholder).to.equal('256 772 123 456');
      const hint = element.shadowRoot!.getElementById('momo-phone-hint')!;
      expect(words(hint.textContent)).to.equal(`MTN MoMo · ${en.push.example('256 772 123 456')} · ${en.push.hint}`);
      expect(input.getAttribute('aria-describedby')).to.equal('momo-phone-hint');
      await expect(element).to.be.accessible();
    });

    it('in the payer’s language', async () => {
      const element = await show(push({ phoneExample: '256772123456' }), { locale: 'fr' });
      expect(words(element.shadowRoot!.getElementById('momo-phone-hint')!.textContent)).to.contain(words(fr.push.example('256 772 123 456')));
    });

    it('ignores an example that is not digits, and shows the form as before', async () => {
      const errors = captureConsoleErrors();
      try {
        for (const example of ['+256772123456', '256 772 123 456', 256772123456, '<img src=x onerror="window.__pwned = true">', '', '123', null]) {
          const element = await show(push({ phoneExample: example }));
          const input = part(element, 'phone-input') as HTMLInputElement;
          expect(input.hasAttribute('placeholder'), JSON.stringify(example)).to.equal(false);
          expect(words(element.shadowRoot!.getElementById('momo-phone-hint')!.textContent), JSON.stringify(example)).to.equal(`MTN MoMo · ${en.push.hint}`);
        }
      } finally {
        errors.restore();
      }
      expect(errors.messages).to.deep.equal([]);
    });

    // The real reference backend: MTN MoMo's request-to-pay in its default environment (mtnuganda).
    it('comes from the provider, through the real backend', async () => {
      const checkout = await createCheckout(backends().api, { method: 'request-to-pay' });
      const { element, next } = mount(checkout.token);
      await next('momo-ready');
      await element.updateComplete;
      expect((part(element, 'phone-input') as HTMLInputElement).placeholder).to.equal('0772 123 456'); // as Ugandans write it
      element.remove();
    });
  });

  describe('where the request went', () => {
    it('says "Sent to" the number typed, grouped, while the payer approves, and never logs it', async () => {
      const logged: string[] = [];
      const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
      const originals = methods.map((method) => console[method]);
      methods.forEach((method) => {
        console[method] = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
      });
      let element: MomoCheckout;
      try {
        element = await show(push());
        await send(element, '+256 772-123456');
      } finally {
        methods.forEach((method, index) => {
          console[method] = originals[index]!;
        });
      }
      expect(backend!.bodies).to.deep.equal([{ path: '/v1/session/pay', body: { phone: '256772123456' } }]);
      expect(sentLine(element)).to.equal(en.push.sentTo('256 772 123 456'));
      expect(logged.filter((line) => line.replace(/\D/g, '').includes('772123456'))).to.deep.equal([]);
      await expect(element).to.be.accessible();
    });

    it('after a lost answer, a second try refused as already sent names the number of the first', async () => {
      const answers = [
        () => Response.json({ error: { code: 'PROVIDER_UNAVAILABLE', message: 'no answer' } }, { status: 502 }),
        () => Response.json({ error: { code: 'PAY_ALREADY_STARTED', message: 'sent already' } }, { status: 409 }),
      ];
      const element = await show(push(), { pay: () => answers.shift()!() });
      await send(element, '256772123456');
      expect(part(element, 'push-notice')!.textContent).to.equal(en.push.unavailable);
      await send(element, '256782000111'); // the payer "corrects" the number
      expect(sentLine(element)).to.equal(en.push.sentTo('256 772 123 456'));
    });

    it('names no number it does not know: a request from before a reload, or one this page did not send', async () => {
      const waiting = await show(push({ needsPhone: false }));
      expect(part(waiting, 'push-wait') !== null, 'approve on your phone').to.equal(true);
      expect(sentLine(waiting)).to.equal(undefined);

      const element = await show(push(), { pay: () => Response.json({ error: { code: 'PAY_ALREADY_STARTED', message: 'sent already' } }, { status: 409 }) });
      await send(element, '256772123456');
      expect(part(element, 'push-wait') !== null, 'approve on your phone').to.equal(true);
      expect(sentLine(element)).to.equal(undefined);
    });
  });

  describe('a provider’s refusal', () => {
    const cases: [code: string, shown: string][] = [
      ['PAYER_NOT_FOUND', en.reasons.invalid_payer], // MTN MoMo
      ['UNSUPPORTED_PHONE', en.reasons.invalid_payer], // Dollr
      ['CURRENCY_NOT_SUPPORTED', en.reasons.invalid_payer], // Dollr
      ['NOT_ENOUGH_FUNDS', en.reasons.insufficient_funds],
      ['PAYER_LIMIT_REACHED', en.reasons.payer_limit],
      ['MISSING_PHONE', en.push.invalid('')], // Mom Factura (this push has no example)
    ];
    for (const [code, shown] of cases) {
      // The wallet's balance or limit is no fault of the number: a notice, the field left valid.
      const onField = !['NOT_ENOUGH_FUNDS', 'PAYER_LIMIT_REACHED'].includes(code);
      it(`${code} is said in the payer’s words, ${onField ? 'on the field' : 'as a notice'}`, async () => {
        const element = await show(push(), { pay: () => refusal(code, `The provider said ${code}`) });
        await send(element, '256772123456');
        const error = part(element, onField ? 'phone-error' : 'push-notice')!;
        expect(error.textContent).to.equal(shown);
        expect(part(element, 'phone-input')!.getAttribute('aria-invalid')).to.equal(String(onField));
      });
    }

    it('in the payer’s language', async () => {
      const element = await show(push(), { pay: () => refusal('PAYER_NOT_FOUND'), locale: 'fr' });
      await send(element, '256772123456');
      expect(part(element, 'phone-error')!.textContent).to.equal(fr.reasons.invalid_payer);
    });

    it('an unknown code shows the provider’s own message, as text', async () => {
      const message = 'Wallet frozen <img src=x onerror="window.__pwned = true">';
      const element = await show(push(), { pay: () => refusal('WALLET_FROZEN', message) });
      await send(element, '256772123456');
      expect(part(element, 'push-notice')!.textContent).to.equal(message);
      expect(element.shadowRoot!.querySelector('img') === null, 'no <img> from the message').to.equal(true);
    });
  });
});

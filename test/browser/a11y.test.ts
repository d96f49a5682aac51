import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { en } from '../../src/i18n/en';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, fakeToken, fixtureSession, mount, part } from './helpers';
import { leave, reach, RECEIPT_URL, STATES, type StateName } from './states';

/** The `part` (or tag) of each control Tab stops at inside the element, until focus leaves it. */
async function tabStops(element: MomoCheckout): Promise<string[]> {
  (element.previousElementSibling as HTMLElement).focus();
  const stops: string[] = [];
  for (let i = 0; i < 30; i++) {
    await sendKeys({ press: 'Tab' });
    if (document.activeElement !== element) break;
    const active = element.shadowRoot!.activeElement!;
    stops.push(active.getAttribute('part') ?? active.localName);
  }
  expect(document.activeElement!.textContent, 'focus leaves the element forwards').to.equal('after');
  return stops;
}

describe('<momo-checkout> accessibility', () => {
  afterEach(async () => {
    leave();
    await emulateMedia({ colorScheme: 'light' });
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const name of Object.keys(STATES) as StateName[]) {
      it(`axe finds no violation: ${name}, ${scheme}`, async () => {
        await emulateMedia({ colorScheme: scheme });
        const { element } = await reach(name);
        // The theme really is the one named (a dark card is not the light one).
        const card = getComputedStyle(part(element, 'card')!).backgroundColor;
        expect(card).to.equal(scheme === 'dark' ? 'rgb(15, 23, 42)' : 'rgb(255, 255, 255)');
        await expect(element).to.be.accessible();
      });
    }
  }

  it('announces every status change in the same live region', async () => {
    const backend = fakeBackend(fixtureSession());
    // The session answers only when the test has seen the loading text.
    let release!: () => void;
    const loaded = new Promise<void>((resolve) => (release = resolve));
    const serve = window.fetch;
    window.fetch = async (input, init) => {
      if (new Request(input, init).url.endsWith('/v1/session')) await loaded;
      return serve(input, init);
    };
    try {
      const { element, next } = mount(fakeToken());
      await element.updateComplete;
      const region = part(element, 'status')!;
      expect(region.textContent).to.equal(en.loading);
      expect(region.getAttribute('role')).to.equal('status');
      expect(region.getAttribute('aria-live')).to.equal('polite');
      release();
      await next('momo-ready');
      await waitUntil(() => backend.requests.includes('/v1/session/events'));
      await element.updateComplete;
      expect(region.textContent).to.equal(en.status.pending);
      backend.push({ status: 'processing' });
      await waitUntil(() => region.textContent === en.status.processing);
      backend.push({ status: 'paid' });
      await next('momo-paid');
      await waitUntil(() => region.textContent === en.status.paid);
      // Still the same node, still in the page: a replaced region would announce nothing.
      expect(part(element, 'status')).to.equal(region);
      expect(region.isConnected).to.equal(true);
    } finally {
      backend.restore();
      document.querySelectorAll('momo-checkout').forEach((element) => {
        element.remove();
      });
    }
  });

  it('the keyboard reaches every control of the ways to pay, in order', async () => {
    const { element } = await reach('all ways to pay (phone)');
    expect(await tabStops(element)).to.deep.equal([
      'open-app',
      'web-link',
      'dial-button',
      'copy-button', // the USSD code
      'phone-input',
      'pay-button',
      'copy-button', // the wallet code
      'summary', // "Pay from another phone": the QR code, folded on the phone that shows it
      'copy-button', // bank entity
      'copy-button', // bank reference
      'print-button',
    ]);
  });

  it('the keyboard pays by phone: type the number, Enter, then focus is on "approve on your phone"', async () => {
    const { element, backend } = await reach('push form');
    expect(await tabStops(element)).to.deep.equal(['phone-input', 'pay-button']);
    (element.previousElementSibling as HTMLElement).focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '244923456789' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => element.shadowRoot!.activeElement === part(element, 'push-wait'), 'focus moves to the waiting block');
    expect(backend.bodies).to.deep.equal([{ path: '/v1/session/pay', body: { phone: '244923456789' } }]);
  });

  it('the keyboard reaches the receipt once paid', async () => {
    const { element } = await reach('paid');
    expect(await tabStops(element)).to.deep.equal(['receipt', 'print-button']);
    expect(part(element, 'receipt')!.getAttribute('href')).to.equal(RECEIPT_URL);
  });

  it('the keyboard retries after a transient error, with Enter', async () => {
    const { element, backend } = await reach('error (network, retry)');
    expect(await tabStops(element)).to.deep.equal(['button']);
    expect(part(element, 'error')!.querySelector('button')!.textContent).to.equal(en.errors.retry);
    const before = backend.requests.length;
    await sendKeys({ press: 'Shift+Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => backend.requests.length > before, 'the checkout is asked again');
  });

  it('copy buttons work from the keyboard', async () => {
    const { element } = await reach('ussd (desktop)');
    expect(await tabStops(element)).to.deep.equal(['copy-button']);
    const feedback = () => [en.copied, en.copyFailed].some((text) => part(element, 'ussd')!.textContent!.includes(text));
    expect(feedback()).to.equal(false);
    (element.previousElementSibling as HTMLElement).focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    // "Copied", or "copy failed" where the clipboard is refused: either way the key press reached it.
    await waitUntil(feedback, 'the copy button answers');
  });
});

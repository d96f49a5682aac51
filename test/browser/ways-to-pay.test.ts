import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { Instruction } from '../../contract';
import { en } from '../../src/i18n/en';
import type { MomoCheckout } from '../../src/momo-checkout';
import { captureConsoleErrors, fakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, PNG, type FakeBackend } from './helpers';

const XSS = '<img src=x onerror="window.__pwned = true">';

/** The element, loaded from a fixture session through the fake backend, on a phone or a desktop. */
async function show(instructions: Instruction[], { phone = false, prefer = '', pay }: { phone?: boolean; prefer?: string; pay?: (body: unknown) => Response } = {}) {
  // A coarse pointer is what makes the element treat the device as a phone.
  window.matchMedia = phone ? (query) => ({ matches: query === '(pointer: coarse)' }) as MediaQueryList : matchMedia;
  backend?.restore();
  backend = fakeBackend(fixtureSession({ instructions }), pay ? { pay } : {});
  const parent = document.createElement('div');
  document.body.append(parent);
  const mounted = mount(fakeToken(), parent);
  if (prefer) mounted.element.setAttribute('prefer', prefer);
  await mounted.next('momo-ready');
  return mounted;
}

const matchMedia = window.matchMedia;
let backend: FakeBackend | undefined;

describe('<momo-checkout> ways to pay', () => {
  afterEach(async () => {
    window.matchMedia = matchMedia;
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.parentElement!.remove();
    });
    await emulateMedia({ media: 'screen' });
  });

  for (const [name, instruction, phone] of [
    ['qr image', { kind: 'qr', image: PNG }, false],
    ['deeplink on a phone', INSTRUCTIONS.deeplink, true],
    ['deeplink on a desktop', INSTRUCTIONS.deeplink, false],
    ['bank-reference', INSTRUCTIONS['bank-reference'], false],
    ['code', INSTRUCTIONS.code, false],
    ['push', INSTRUCTIONS.push, true],
  ] as const) {
    it(`shows ${name}, accessibly`, async () => {
      const { element } = await show([instruction as Instruction], { phone });
      const block = part(element, 'instructions')!.querySelector(`[part~="${instruction.kind === 'push' ? 'push' : instruction.kind}"]`);
      expect(block, name).to.not.equal(null);
      await expect(element).to.be.accessible();
    });
  }

  it('orders the ways to pay for the device, and `prefer` overrides', async () => {
    const all = [INSTRUCTIONS.qr, INSTRUCTIONS.ussd, INSTRUCTIONS.push, INSTRUCTIONS.deeplink];
    const order = (element: MomoCheckout) => [...part(element, 'instructions')!.querySelectorAll(':scope > [part]')].map((block) => block.getAttribute('part'));
    const phone = await show(all, { phone: true });
    expect(order(phone.element)).to.deep.equal(['deeplink', 'ussd', 'push', 'qr-other-phone']);
    const desktop = await show(all);
    expect(order(desktop.element)).to.deep.equal(['qr', 'deeplink', 'push', 'ussd']);
    desktop.element.prefer = 'ussd';
    await desktop.element.updateComplete;
    expect(order(desktop.element)).to.deep.equal(['ussd', 'qr', 'deeplink', 'push']);
    const preferred = await show(all, { phone: true, prefer: 'qr push' });
    expect(order(preferred.element)).to.deep.equal(['qr-other-phone', 'push', 'deeplink', 'ussd']);
    await expect(desktop.element).to.be.accessible();
  });

  it('push: a wrong number shows an error, without a request', async () => {
    const { element } = await show([INSTRUCTIONS.push]);
    const input = part(element, 'phone-input') as HTMLInputElement;
    input.focus();
    await sendKeys({ type: '24491234' });
    expect(input.value).to.equal('244 912 34');
    await sendKeys({ press: 'Enter' });
    await waitFor(() => part(element, 'phone-error'));
    const error = part(element, 'phone-error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.equal(en.push.invalid('244 923 000 000')); // the method's example (no country rules in this fixture)
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal(error.id);
    expect(element.shadowRoot!.activeElement).to.equal(input);
    expect(backend!.bodies).to.deep.equal([]);
    await expect(element).to.be.accessible();
  });

  it('push: a right number is sent as digits, then "approve on your phone" while the status is followed', async () => {
    const { element, next } = await show([INSTRUCTIONS.push], {
      pay: () => Response.json({ status: 'processing', updatedAt: new Date().toISOString() }, { status: 202 }),
    });
    const input = part(element, 'phone-input') as HTMLInputElement;
    input.focus();
    await sendKeys({ type: '+244 923-456-789' });
    expect(input.value).to.equal('+244 923 456 789'); // no country rules in this fixture: the + kept, digits in threes
    part(element, 'pay-button')!.click();
    expect((await next('momo-status')).status).to.equal('processing');
    await waitFor(() => part(element, 'push-wait'));
    expect(backend!.bodies).to.deep.equal([{ path: '/v1/session/pay', body: { phone: '244923456789' } }]);
    const wait = part(element, 'push-wait')!;
    expect(wait.textContent).to.contain(en.push.waitTitle);
    await waitFor(() => element.shadowRoot!.activeElement === wait);
    expect(part(element, 'status')!.textContent).to.contain(en.awaitingApproval);
    await expect(element).to.be.accessible();
    backend!.push({ status: 'paid' });
    await next('momo-paid');
  });

  it('push: shows the provider’s refusal as text, and treats a request sent before as sent', async () => {
    let answer = Response.json({ error: { code: 'WALLET_FROZEN', message: `No wallet for this number ${XSS}` } }, { status: 422 });
    const { element } = await show([INSTRUCTIONS.push], { pay: () => answer });
    const input = part(element, 'phone-input') as HTMLInputElement;
    input.value = '244923456789';
    part(element, 'pay-button')!.click();
    // Not known as the number's problem: a notice, not a field error.
    await waitFor(() => part(element, 'push-notice'));
    expect(part(element, 'push-notice')!.textContent).to.equal(`No wallet for this number ${XSS}`);
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    expect(element.shadowRoot!.querySelector('img')).to.equal(null);

    answer = Response.json({ error: { code: 'PROVIDER_UNAVAILABLE', message: 'down' } }, { status: 502 });
    part(element, 'pay-button')!.click();
    await waitFor(() => part(element, 'push-notice')?.textContent === en.push.unavailable);

    answer = Response.json({ error: { code: 'PAY_ALREADY_STARTED', message: 'sent already' } }, { status: 409 });
    part(element, 'pay-button')!.click();
    await waitFor(() => part(element, 'push-wait'));
    expect(backend!.bodies.length).to.equal(3);
  });

  it('push: a new token starts over with the form', async () => {
    const { element } = await show([INSTRUCTIONS.push]);
    (part(element, 'phone-input') as HTMLInputElement).value = '244923456789';
    part(element, 'pay-button')!.click();
    await waitFor(() => part(element, 'push-wait'));
    element.token = fakeToken({ sub: 'chk_other' });
    await waitFor(() => part(element, 'phone-input'));
    expect(part(element, 'push-wait')).to.equal(null);
  });

  it('bank-reference: prints the slip alone, without buttons, status or other ways to pay', async () => {
    const { element } = await show([INSTRUCTIONS.qr, INSTRUCTIONS['bank-reference']]);
    const visible = (el: Element | null) => el !== null && getComputedStyle(el).display !== 'none';
    expect(visible(part(element, 'qr'))).to.equal(true);
    await emulateMedia({ media: 'print' });
    expect(visible(part(element, 'bank-reference'))).to.equal(true);
    expect(visible(part(element, 'qr'))).to.equal(false);
    expect(visible(part(element, 'print-button'))).to.equal(false);
    expect(visible(part(element, 'copy-button'))).to.equal(false);
    expect(visible(part(element, 'status'))).to.equal(false);
    expect(visible(part(element, 'amount'))).to.equal(true);
  });

  it('deeplink: opens the app with a top-level link on phones, never a javascript: one', async () => {
    const errors = captureConsoleErrors();
    const { element } = await show([INSTRUCTIONS.deeplink, { kind: 'deeplink', url: 'javascript:alert(1)', appName: 'Evil' }], { phone: true });
    errors.restore();
    expect(errors.messages.join()).to.contain('"deeplink" instruction');
    const links = element.shadowRoot!.querySelectorAll<HTMLAnchorElement>('a[part="open-app"]');
    expect(links.length).to.equal(1);
    expect(links[0]!.target).to.equal('_top');
    expect(links[0]!.getAttribute('href')).to.equal(INSTRUCTIONS.deeplink.url);
  });
});

async function waitFor(condition: () => unknown, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

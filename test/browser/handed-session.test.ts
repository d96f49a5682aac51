import { expect } from '@open-wc/testing';
import '../../src/define';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, type FakeBackend } from './helpers';

/** An element given its token and session in one go, as a merchant page with `POST /v1/checkouts`'s answer would. */
function mountHanded(session: unknown, { asAttribute = false, device }: { asAttribute?: boolean; device?: string } = {}) {
  const element = document.createElement('momo-checkout') as MomoCheckout;
  if (asAttribute) element.setAttribute('session', typeof session === 'string' ? session : JSON.stringify(session));
  else element.session = session as MomoCheckout['session'];
  if (device) element.setAttribute('device', device);
  element.token = fakeToken();
  return element;
}

describe('<momo-checkout> handed its session', () => {
  let backend: FakeBackend | undefined;
  afterEach(() => {
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  it('draws the checkout in its first render, without reading the session, and follows the status', async () => {
    backend = fakeBackend(fixtureSession());
    const element = mountHanded(fixtureSession({ merchant: 'Handed School' }));
    const ready = new Promise<CustomEvent>((resolve) => element.addEventListener('momo-ready', resolve as EventListener, { once: true }));
    document.body.append(element);
    await element.updateComplete;
    // The very first render: no loading skeleton came before it.
    expect(part(element, 'merchant')?.textContent).to.equal('Handed School');
    expect(part(element, 'ussd-code')?.textContent).to.equal('*165*3*58213907*1#');
    await ready;
    const paid = new Promise<CustomEvent>((resolve) => element.addEventListener('momo-paid', resolve as EventListener, { once: true }));
    backend.push({ status: 'paid' });
    await paid;
    expect(backend.requests).to.not.include('/v1/session');
  });

  it('takes the session as JSON in its attribute', async () => {
    backend = fakeBackend(fixtureSession());
    const element = mountHanded(fixtureSession({ merchant: 'From the attribute' }), { asAttribute: true });
    document.body.append(element);
    await element.updateComplete;
    expect(part(element, 'merchant')?.textContent).to.equal('From the attribute');
    expect(backend.requests).to.not.include('/v1/session');
  });

  it("reads the session itself when the one handed is another checkout's, or malformed", async () => {
    for (const handed of [fixtureSession({ id: 'chk_other', merchant: 'Other' }), '{"id": "chk_fixture", "merchant"', { id: 'chk_fixture' }]) {
      backend = fakeBackend(fixtureSession({ merchant: 'Read from the backend' }));
      const element = mountHanded(handed, { asAttribute: typeof handed === 'string' });
      const ready = new Promise<CustomEvent>((resolve) => element.addEventListener('momo-ready', resolve as EventListener, { once: true }));
      document.body.append(element);
      await ready;
      expect(part(element, 'merchant')?.textContent).to.equal('Read from the backend');
      expect(backend.requests).to.include('/v1/session');
      element.remove();
      backend.restore();
    }
    backend = undefined;
  });

  it('draws for the device its `device` attribute names', async () => {
    backend = fakeBackend(fixtureSession());
    const session = fixtureSession({ instructions: [INSTRUCTIONS.ussd] });
    const drawn: Record<string, boolean> = {};
    for (const device of ['phone', 'ios', 'desktop']) {
      const element = mountHanded(session, { device });
      document.body.append(element);
      await element.updateComplete;
      drawn[device] = part(element, 'dial-button') !== null;
      element.remove();
    }
    // Tap-to-dial only where a phone's dialer takes `*` and `#` from a link.
    expect(drawn).to.deep.equal({ phone: true, ios: false, desktop: false });
  });

  it('still reads the session when only a token is given', async () => {
    backend = fakeBackend(fixtureSession());
    const { next } = mount(fakeToken());
    await next('momo-ready');
    expect(backend.requests).to.include('/v1/session');
  });
});

import { expect } from '@open-wc/testing';
import { en } from '../../src/i18n/en';
import { actAsPayer, backends, createCheckout, mount, part } from './helpers';

/** Requests the page made to `path` on `origin` (finished ones: a stream counts once it ends). */
const requestsTo = (origin: string, path: string): number => performance.getEntriesByType('resource').filter((entry) => entry.name === `${origin}${path}`).length;

// Against the real reference backend (server-example), started by web-test-runner.config.mjs.
describe('<momo-checkout> against the reference backend', () => {
  afterEach(() =>
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    }),
  );

  it('renders the USSD code and the QR code of an MTN invoice', async () => {
    const { api } = backends();
    const checkout = await createCheckout(api);
    const { element, next } = mount(checkout.token);
    const { session } = await next('momo-ready');
    expect(session.id).to.equal(checkout.id);
    expect(part(element, 'merchant')!.textContent).to.equal(session.merchant);
    expect(part(element, 'amount')!.textContent).to.contain('15,000');
    expect(part(element, 'description')!.textContent).to.equal('School fees');
    expect(part(element, 'ussd-code')!.textContent).to.match(/^\*165\*3\*\d+\*1#$/);
    const svg = part(element, 'qr')!.querySelector('svg')!;
    expect(svg.getAttribute('role')).to.equal('img');
    expect(svg.querySelector('path')!.getAttribute('d')).to.not.equal('');
    expect(part(element, 'status')!.textContent).to.contain(en.status.pending);
  });

  it('follows the checkout to paid after the payer approves, over the event stream', async () => {
    const { api } = backends();
    performance.clearResourceTimings();
    const checkout = await createCheckout(api);
    const { element, next } = mount(checkout.token);
    await next('momo-ready');
    const paid = next('momo-paid');
    await actAsPayer(api, checkout.id, 'approve');
    expect((await paid).status).to.equal('paid');
    await element.updateComplete;
    expect(part(element, 'final')!.textContent).to.contain(en.final.paid.title);
    expect(part(element, 'instructions')).to.equal(null);
    expect(part(element, 'status')!.textContent).to.contain(en.status.paid);
    expect(requestsTo(api, '/v1/session/status')).to.equal(0); // no polling was needed
  });

  it('shows why a declined payment failed', async () => {
    const { api } = backends();
    const checkout = await createCheckout(api);
    const { element, next } = mount(checkout.token);
    await next('momo-ready');
    const failed = next('momo-failed');
    await actAsPayer(api, checkout.id, 'decline');
    const update = await failed;
    expect(update.status).to.equal('failed');
    expect(update.reason).to.be.a('string');
    await element.updateComplete;
    const final = part(element, 'final')!;
    expect(final.textContent).to.contain(en.final.failed.title);
    expect(final.textContent).to.contain(en.reasons[update.reason!]);
  });

  it('shows a tampered token as an error, with momo-error TOKEN_INVALID', async () => {
    const { api } = backends();
    const { token } = await createCheckout(api);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    // Same claims, another signature: decodable in the browser, refused by the backend.
    const tampered = `${header}.${payload}.${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const { element, next, seen } = mount(tampered);
    const error = await next('momo-error');
    expect(error.code).to.equal('TOKEN_INVALID');
    await element.updateComplete;
    expect(part(element, 'error')!.textContent).to.contain(en.errors.tokenInvalid);
    expect(seen['momo-ready']).to.equal(undefined);
  });

  it('still reaches paid by polling when the backend has no event stream', async () => {
    const { apiNoSse } = backends();
    performance.clearResourceTimings();
    const checkout = await createCheckout(apiNoSse);
    const { element, next } = mount(checkout.token);
    await next('momo-ready');
    const paid = next('momo-paid');
    await actAsPayer(apiNoSse, checkout.id, 'approve');
    expect((await paid).status).to.equal('paid');
    await element.updateComplete;
    expect(part(element, 'final')).to.not.equal(null);
    expect(requestsTo(apiNoSse, '/v1/session/status')).to.be.greaterThan(0);
  });
});

/**
 * The checkout's expiry as the element shows and treats it: the backend has the last word on an
 * expiry (a payer's approval just before it may settle just after), and a bank reference's
 * countdown stays out of the way of its due date.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { en } from '../../src/i18n/en';
import { fakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, type FakeBackend } from './helpers';

const HOUR_MS = 3_600_000;

describe('<momo-checkout> and the checkout’s expiry', () => {
  let backend: FakeBackend | undefined;
  afterEach(async () => {
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => element.remove());
    await emulateMedia({ media: 'screen' });
  });

  it('a payment the backend settles as paid just after expiresAt ends paid, never expired', async () => {
    const expiresAt = Date.now() + 1_500;
    const paidFrom = expiresAt + 1_000;
    const session = fixtureSession({ expiresAt: new Date(expiresAt).toISOString() });
    const statusAsked: number[] = [];
    backend = fakeBackend((url) => {
      if (url.pathname === '/v1/session') return Response.json(session);
      if (url.pathname === '/v1/session/events') return Response.json({ error: { code: 'SSE_UNAVAILABLE', message: 'off' } }, { status: 503 });
      statusAsked.push(Date.now());
      // The backend still reads with the token past its exp, and the payer's approval lands.
      const status = Date.now() < paidFrom ? 'pending' : 'paid';
      return Response.json({ status, updatedAt: new Date().toISOString(), ...(status === 'paid' ? { receiptUrl: 'https://momo.test/r/1' } : {}) });
    });
    const { element, next, seen } = mount(fakeToken());
    await next('momo-ready');
    await waitUntil(() => part(element, 'countdown')?.textContent === en.countdown.expiresIn('0:00'), 'the countdown reaches 0:00', { timeout: 5_000 });
    const paid = await next('momo-paid');
    expect(paid.receiptUrl).to.equal('https://momo.test/r/1');
    expect(statusAsked.some((at) => at >= expiresAt && at < paidFrom), 'asked past the expiry while still pending').to.equal(true);
    expect(seen['momo-expired']).to.equal(undefined);
    expect(seen['momo-error']).to.equal(undefined);
    expect(seen['momo-status']!.map((update) => update.status)).to.deep.equal(['paid']);
    await element.updateComplete;
    expect(part(element, 'final')!.dataset.status).to.equal('paid');
  });

  it('bank reference: no countdown while the due date is days away; on its last day one that is not printed', async () => {
    const slip = { instructions: [INSTRUCTIONS['bank-reference']] };
    backend = fakeBackend(fixtureSession({ ...slip, expiresAt: new Date(Date.now() + 3 * 24 * HOUR_MS).toISOString() }));
    const daysAway = mount(fakeToken());
    await daysAway.next('momo-ready');
    expect(part(daysAway.element, 'bank-reference')).to.not.equal(null);
    expect(part(daysAway.element, 'countdown')).to.equal(null);
    daysAway.element.remove();
    backend.restore();

    backend = fakeBackend(fixtureSession({ ...slip, expiresAt: new Date(Date.now() + 20 * HOUR_MS).toISOString() }));
    const lastDay = mount(fakeToken());
    await lastDay.next('momo-ready');
    const countdown = part(lastDay.element, 'countdown')!;
    expect(countdown.textContent).to.match(/\b(20|19):\d{2}:\d{2}\b/);
    expect(getComputedStyle(countdown).display).to.not.equal('none');
    await emulateMedia({ media: 'print' });
    expect(getComputedStyle(countdown).display).to.equal('none');
    expect(getComputedStyle(part(lastDay.element, 'bank-reference')!).display).to.not.equal('none');
  });
});

/**
 * Expired with reason `outcome_unknown`: a payment request went out (Multicaixa Express, say)
 * and nobody can confirm whether it was paid. The payer must be told not to pay again, and
 * must never be offered a retry or sent for a new link; the merchant page gets the reason.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { formatAmount } from '../../src/core/format';
import { en, vi, type Translation } from '../../src/i18n/index';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, type FakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, words } from './helpers';
import { translationFor } from './session-translation';

const PHONE = '244923456789';

describe('<momo-checkout> when the payment’s outcome is unknown', () => {
  let backend: FakeBackend | undefined;
  afterEach(() => {
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  function expectUnconfirmedPanel(element: MomoCheckout, t: Translation, amount: string, merchant: string) {
    const final = part(element, 'final')!;
    expect(final.dataset.status).to.equal('expired');
    expect(final.querySelector('h2')!.textContent).to.equal(t.final.outcomeUnknown.title);
    expect(part(element, 'reason')!.textContent).to.equal(t.reasons.outcome_unknown);
    const text = words(final.textContent);
    expect(text).to.include(words(t.final.outcomeUnknown.body(amount, merchant)));
    // Nothing that sends the payer to pay again: no "Try again", no new link.
    expect(part(element, 'retry-button')).to.equal(null);
    expect(final.querySelector('button, a')).to.equal(null);
    expect(text).not.to.include(words(t.final.expired.body(amount, merchant)));
    expect(text).not.to.include(t.errors.retry);
    // The live region, too, says "not confirmed" rather than "expired".
    expect(part(element, 'status')!.textContent).to.include(t.final.outcomeUnknown.title).and.not.include(t.status.expired);
  }

  for (const [locale, t] of [
    ['en-UG', en],
    ['vi-VN', vi],
  ] as const) {
    it(`says so in ${t.$code}, with no retry, and fires momo-expired with the reason; axe finds nothing`, async () => {
      const session = fixtureSession({ locale, ...translationFor(locale), merchant: 'Escola Kilamba', amount: '5000', currency: 'AOA', instructions: [INSTRUCTIONS.push] });
      backend = fakeBackend(session);
      const { element, next, seen } = mount(fakeToken());
      await next('momo-ready');
      await waitUntil(() => backend!.requests.includes('/v1/session/events'), 'the event stream is open');
      backend.push({ status: 'expired', reason: 'outcome_unknown' });
      const expired = await next('momo-expired');
      expect(expired.reason).to.equal('outcome_unknown');
      expect(seen['momo-status']!.at(-1)!.reason).to.equal('outcome_unknown');
      await element.updateComplete;
      expect(part(element, 'card')!.getAttribute('lang')).to.equal(t.$code);
      expectUnconfirmedPanel(element, t, formatAmount('5000', 'AOA', locale), 'Escola Kilamba');
      await expect(element).to.be.accessible();
    });
  }

  // The backend stops taking the token (the settle window past the checkout's expiry is over; here
  // at once) before its word reached the page by a poll: the refusal carries it, and the element
  // shows it as any other update. (Without a word, see expiry.test.ts: the "session ended" panel.)
  it('when the token ends after a push, the refusal’s outcome_unknown is shown as the backend settled it', async () => {
    const expiresAt = Date.now() + 1_500;
    const session = fixtureSession({ expiresAt: new Date(expiresAt).toISOString(), instructions: [INSTRUCTIONS.push] });
    const settled = { status: 'expired', reason: 'outcome_unknown', updatedAt: new Date(expiresAt).toISOString() };
    backend = fakeBackend((url) => {
      if (url.pathname === '/v1/session') return Response.json(session);
      if (url.pathname === '/v1/session/events') return Response.json({ error: { code: 'SSE_UNAVAILABLE', message: 'off' } }, { status: 503 });
      if (url.pathname === '/v1/session/pay') return Response.json({ status: 'pending', updatedAt: new Date().toISOString() }, { status: 202 });
      if (Date.now() < expiresAt) return Response.json({ status: 'pending', updatedAt: new Date().toISOString() });
      return Response.json({ error: { code: 'TOKEN_EXPIRED', message: 'The checkout token has expired.' }, status: settled }, { status: 401 });
    });
    const { element, next, seen } = mount(fakeToken());
    await next('momo-ready');
    (part(element, 'phone-input') as HTMLInputElement).value = PHONE;
    part(element, 'pay-button')!.click();
    await waitUntil(() => part(element, 'push-wait'), 'the push went out');
    const expired = await next('momo-expired');
    expect(expired).to.deep.equal(settled);
    expect(seen['momo-error']).to.equal(undefined);
    await element.updateComplete;
    expectUnconfirmedPanel(element, en, formatAmount(session.amount, session.currency, 'en-UG'), session.merchant);
  });
});

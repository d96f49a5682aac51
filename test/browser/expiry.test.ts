/**
 * The checkout's expiry as the element shows and treats it: the backend has the last word on an
 * expiry (a payer's approval just before it may settle just after; a status it settled while the
 * tab slept comes with its refusal of the token), the element makes no status up when the backend
 * had none to give, and a bank reference's countdown stays out of the way of its due date.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { StatusUpdate } from '../../contract';
import { en, vi, type Translation } from '../../src/i18n/index';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, words, type FakeBackend } from './helpers';
import { translationFor } from './session-translation';

const HOUR_MS = 3_600_000;
const PHONE = '244923456789';
const EXPIRED = { code: 'TOKEN_EXPIRED', message: 'The checkout token has expired.' };

/**
 * A backend that stops taking the token at `expiresAt` (its settle window, here nil) with a 401
 * `TOKEN_EXPIRED`, carrying `settled` when it has a final status to tell. No event stream: polls.
 */
function tokenEndsAt(expiresAt: number, settled?: StatusUpdate, { lostPush = false } = {}) {
  const session = fixtureSession({ expiresAt: new Date(expiresAt).toISOString(), instructions: [INSTRUCTIONS.push] });
  const serve = (url: URL): Response => {
    if (url.pathname === '/v1/session') return Response.json(session);
    if (url.pathname === '/v1/session/events') return Response.json({ error: { code: 'SSE_UNAVAILABLE', message: 'off' } }, { status: 503 });
    // A lost answer: the connection dropped, so the page cannot know whether the push went out.
    if (url.pathname === '/v1/session/pay') {
      if (lostPush) throw new TypeError('Failed to fetch');
      return Response.json({ status: 'pending', updatedAt: new Date().toISOString() }, { status: 202 });
    }
    if (Date.now() < expiresAt) return Response.json({ status: 'pending', updatedAt: new Date().toISOString() });
    return Response.json(settled ? { error: EXPIRED, status: settled } : { error: EXPIRED }, { status: 401 });
  };
  return { session, serve };
}

/** The "session ended" panel: the merchant confirms; nothing invites paying again, no status is claimed. */
function expectEndedPanel(element: MomoCheckout, t: Translation, merchant: string) {
  expect(part(element, 'final')).to.equal(null);
  expect(part(element, 'instructions')).to.equal(null);
  const ended = part(element, 'ended')!;
  expect(ended.querySelector('h2')!.textContent).to.equal(t.sessionEnded.title);
  expect(words(ended.textContent)).to.include(words(t.sessionEnded.body(merchant)));
  expect(ended.querySelector('button, a')).to.equal(null);
  expect(part(element, 'retry-button')).to.equal(null);
  expect(part(element, 'merchant')!.textContent).to.equal(merchant);
  expect(part(element, 'countdown')).to.equal(null);
  expect(element.status).to.equal(undefined);
  const live = part(element, 'status')!.textContent!;
  expect(live).to.include(t.sessionEnded.title);
  for (const said of Object.values(t.status)) expect(live).not.to.include(said);
  expect(element.shadowRoot!.activeElement).to.equal(ended.querySelector('h2'));
}

describe('<momo-checkout> and the checkout’s expiry', () => {
  let backend: FakeBackend | undefined;
  afterEach(async () => {
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
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
    expect(
      statusAsked.some((at) => at >= expiresAt && at < paidFrom),
      'asked past the expiry while still pending',
    ).to.equal(true);
    expect(seen['momo-expired']).to.equal(undefined);
    expect(seen['momo-error']).to.equal(undefined);
    expect(seen['momo-status']!.map((update) => update.status)).to.deep.equal(['paid']);
    await element.updateComplete;
    expect(part(element, 'final')!.dataset.status).to.equal('paid');
  });

  it('the backend settled it paid while the tab slept: the token’s refusal brings paid, shown as any update', async () => {
    const expiresAt = Date.now() + 1_500;
    const settled = { status: 'paid', updatedAt: new Date(expiresAt).toISOString(), receiptUrl: 'https://momo.test/r/2' } satisfies StatusUpdate;
    const { serve } = tokenEndsAt(expiresAt, settled);
    backend = fakeBackend(serve);
    const { element, next, seen } = mount(fakeToken());
    await next('momo-ready');
    expect(await next('momo-paid')).to.deep.equal(settled);
    expect(Date.now(), 'learnt from the refusal, after the expiry').to.be.at.least(expiresAt);
    expect(seen['momo-status']).to.deep.equal([settled]);
    expect(seen['momo-expired']).to.equal(undefined);
    expect(seen['momo-error']).to.equal(undefined);
    await element.updateComplete;
    expect(part(element, 'final')!.dataset.status).to.equal('paid');
    expect(part(element, 'receipt')!.getAttribute('href')).to.equal(settled.receiptUrl);
    expect(part(element, 'ended')).to.equal(null);
  });

  // Whatever this page did (a push answered, a push whose answer was lost, nothing), the element
  // cannot know the outcome: it says the session ended and the merchant confirms.
  const PUSHES = { 'after a push': 'sent', 'after a push whose answer never came': 'lost', 'with no push': 'none' } as const;
  for (const [title, push] of Object.entries(PUSHES)) {
    it(`the token ends before the backend settled anything, ${title}: "session ended", no status made up`, async () => {
      const expiresAt = Date.now() + 1_500;
      const { session, serve } = tokenEndsAt(expiresAt, undefined, { lostPush: push === 'lost' });
      backend = fakeBackend(serve);
      const { element, next, seen } = mount(fakeToken());
      await next('momo-ready');
      if (push !== 'none') {
        (part(element, 'phone-input') as HTMLInputElement).value = PHONE;
        part(element, 'pay-button')!.click();
        await waitUntil(() => part(element, push === 'lost' ? 'push-notice' : 'push-wait'), 'the push went out, or its answer was lost');
        expect(Date.now(), 'pushed before the expiry').to.be.below(expiresAt);
      }
      expect(await next('momo-error')).to.deep.equal(EXPIRED);
      await element.updateComplete;
      expectEndedPanel(element, en, session.merchant);
      expect(seen['momo-status']).to.equal(undefined);
      expect(seen['momo-expired']).to.equal(undefined);
      expect(seen['momo-error']).to.have.length(1);
    });
  }

  it('"session ended" speaks the checkout’s language; axe finds nothing', async () => {
    const { session, serve } = tokenEndsAt(Date.now() + 500);
    backend = fakeBackend((url) => (url.pathname === '/v1/session' ? Response.json({ ...session, locale: 'vi-VN', ...translationFor('vi-VN') }) : serve(url)));
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    await next('momo-error');
    await element.updateComplete;
    expect(part(element, 'card')!.getAttribute('lang')).to.equal(vi.$code);
    expectEndedPanel(element, vi, session.merchant);
    await expect(element).to.be.accessible();
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

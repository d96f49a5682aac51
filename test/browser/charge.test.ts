import { expect, waitUntil } from '@open-wc/testing';
import type { Charge, PushInstruction, Session, StatusUpdate } from '../../contract';
import { en } from '../../src/i18n/en';
import { fr } from '../../src/i18n/fr';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, type FakeBackend, fakeToken, fixtureSession, mount, part, words } from './helpers';
import { translationFor } from './session-translation';

/**
 * What the payer is charged once a provider fee applies to them (Dollr, fee bearer PAYER): the
 * headline says the total with its breakdown, and every final panel says the total, not the
 * checkout's amount. Before a fee applies, nothing changes.
 */
const LIBERIA_PUSH: PushInstruction = {
  kind: 'push',
  needsPhone: true,
  phonePattern: '^231(?:77|88|55)\\d{7}$',
  fee: { amount: '1.00', currency: 'USD', payerAmount: '26.00' },
};
const USD_CHARGE: Charge = { amount: '25.00', fee: '1.00', total: '26.00', currency: 'USD' };
const DOLLR = { merchant: 'Monrovia Learning Center', amount: '25.00', currency: 'USD', locale: 'en-US', country: 'LR', instructions: [LIBERIA_PUSH] };

let backend: FakeBackend | undefined;

/** The element on `session`; `status` is what the status reads say (by default the session's own status). */
async function show(session: Session, status: Partial<StatusUpdate> = {}): Promise<MomoCheckout> {
  backend?.restore();
  backend = fakeBackend((url) => {
    if (url.pathname === '/v1/session') return Response.json(session);
    if (url.pathname === '/v1/session/status') return Response.json({ status: session.status, updatedAt: new Date().toISOString(), ...status });
    return Response.json({ error: { code: 'SSE_UNAVAILABLE', message: 'poll' } }, { status: 503 });
  });
  const { element, next } = mount(fakeToken());
  await next('momo-ready');
  await element.updateComplete;
  return element;
}

const text = (element: MomoCheckout, name: string) => words(part(element, name)?.textContent);
const body = (element: MomoCheckout) => words(part(element, 'final')!.querySelector('h2 ~ p:not([part])')!.textContent);

describe('what was charged', () => {
  afterEach(() => {
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  it('says the checkout’s amount while no fee applies, with no breakdown, in every state', async () => {
    const pending = await show(fixtureSession({ ...DOLLR }));
    expect(text(pending, 'amount')).to.equal('USD 25.00');
    expect(part(pending, 'charge')).to.equal(null);
    const paid = await show(fixtureSession({ ...DOLLR, status: 'paid' }));
    await waitUntil(() => part(paid, 'final'), 'the paid panel');
    expect(text(paid, 'amount')).to.equal('USD 25.00');
    expect(body(paid)).to.equal(en.final.paid.body('USD 25.00', DOLLR.merchant));
    expect(part(paid, 'charge')).to.equal(null);
  });

  it('USD in Liberia: once the push answers with the charge, the headline says the total and the paid panel says “You paid” the total', async () => {
    backend?.restore();
    backend = fakeBackend(fixtureSession({ ...DOLLR }), {
      pay: () => Response.json({ status: 'pending', updatedAt: new Date().toISOString(), charge: USD_CHARGE }, { status: 202 }),
    });
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    await waitUntil(() => backend!.requests.includes('/v1/session/events'), 'the event stream is open');
    expect(text(element, 'amount')).to.equal('USD 25.00', 'before the push: the fee is only offered');
    (part(element, 'phone-input') as HTMLInputElement).value = '231881234567';
    part(element, 'pay-button')!.click();
    await waitUntil(() => text(element, 'amount') === 'USD 26.00', 'the headline says the total');
    expect(text(element, 'charge')).to.equal(en.details.charge('USD 25.00', 'USD 1.00'));
    // Every update repeats the charge while it applies.
    backend!.push({ status: 'paid', charge: USD_CHARGE });
    await waitUntil(() => part(element, 'final'), 'the paid panel');
    expect(body(element)).to.equal(en.final.paid.body('USD 26.00', DOLLR.merchant));
    expect(text(element, 'amount')).to.equal('USD 26.00');
    expect(text(element, 'charge')).to.equal('USD 25.00 + USD 1.00 fee');
  });

  it('drops the total when the push it came with ended unpaid: the next push brings its own fee', async () => {
    backend?.restore();
    const sent = { to: '+231 88• ••• 567', at: new Date().toISOString(), canResend: false };
    backend = fakeBackend(fixtureSession({ ...DOLLR, status: 'processing', charge: USD_CHARGE, instructions: [{ ...LIBERIA_PUSH, needsPhone: false, sent }] }));
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    await waitUntil(() => backend!.requests.includes('/v1/session/events'), 'the event stream is open');
    expect(text(element, 'amount')).to.equal('USD 26.00');
    backend!.push({ status: 'pending', sent: { ...sent, canResend: true } });
    await waitUntil(() => text(element, 'amount') === 'USD 25.00', 'the headline is the checkout’s amount again');
    expect(part(element, 'charge')).to.equal(null);
  });

  it('LRD in Liberia: the code, not “$”, on the headline, its breakdown and the failed panel', async () => {
    const charge: Charge = { amount: '4500.00', fee: '180.00', total: '4680.00', currency: 'LRD' };
    const element = await show(fixtureSession({ ...DOLLR, amount: '4500.00', currency: 'LRD', locale: 'en-LR', status: 'failed', reason: 'insufficient_funds', charge }), {
      reason: 'insufficient_funds',
    });
    await waitUntil(() => part(element, 'final'), 'the failed panel');
    expect(text(element, 'amount')).to.equal('LRD 4,680.00');
    expect(text(element, 'charge')).to.equal(en.details.charge('LRD 4,500.00', 'LRD 180.00'));
    expect(part(element, 'card')!.textContent).not.to.contain('$');
  });

  it('RWF in French: the unconfirmed panel says the total the payer may have paid, without minor units', async () => {
    const charge: Charge = { amount: '5000', fee: '200', total: '5200', currency: 'RWF' };
    const session = fixtureSession({ ...DOLLR, amount: '5000', currency: 'RWF', locale: 'fr', ...translationFor('fr'), country: 'RW', status: 'expired', reason: 'outcome_unknown' });
    const element = await show(session, { reason: 'outcome_unknown', charge });
    await waitUntil(() => text(element, 'amount') === '5 200 RWF', 'the total from the status update');
    expect(text(element, 'charge')).to.equal('5 000 RWF + 200 RWF de frais');
    expect(body(element)).to.equal(words(fr.final.outcomeUnknown.body('5 200 RWF', DOLLR.merchant)));
  });

  it('ignores a charge in another currency or with malformed amounts', async () => {
    for (const charge of [
      { ...USD_CHARGE, currency: 'LRD' },
      { ...USD_CHARGE, total: 26 },
      { ...USD_CHARGE, fee: '1,00' },
    ]) {
      const element = await show(fixtureSession({ ...DOLLR, charge: charge as Charge }));
      expect(text(element, 'amount'), JSON.stringify(charge)).to.equal('USD 25.00');
      expect(part(element, 'charge')).to.equal(null);
      element.remove();
    }
  });

  it('keeps the total once the session ended before a final status', async () => {
    backend?.restore();
    const session = fixtureSession({ ...DOLLR, charge: USD_CHARGE });
    backend = fakeBackend((url) => (url.pathname === '/v1/session' ? Response.json(session) : Response.json({ error: { code: 'TOKEN_EXPIRED', message: 'expired' } }, { status: 401 })));
    const { element } = mount(fakeToken());
    await waitUntil(() => part(element, 'ended'), 'the ended panel');
    expect(text(element, 'amount')).to.equal('USD 26.00');
    expect(text(element, 'charge')).to.equal('USD 25.00 + USD 1.00 fee');
  });
});

/**
 * When a push goes wrong: the wait screen after a reload ("Sent to …"), a way out while waiting
 * (what to do meanwhile, when another request may go), sending again or to another number once
 * the provider ended the request, never a second request while one is live, a network failure
 * as a notice rather than a field error, and the same status words whichever status the provider gives.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { PushInstruction, PushSent, Session, StatusUpdate } from '../../contract';
import { en } from '../../src/i18n/en';
import { vi } from '../../src/i18n/vi';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, fakeToken, fixtureSession, mount, part, words, type FakeBackend } from './helpers';
import { translationFor } from './session-translation';

const UGANDA = { country: 'UG', callingCode: '256', nationalPrefix: '0', lengths: [9], groups: [3, 3, 3] };
const at = new Date(Date.now() - 30_000).toISOString();
const time = (iso: string, locale = 'en-UG') => new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
const live = (extra: Partial<PushSent> = {}): PushSent => ({ to: '+256 77• ••• 456', at, canResend: false, ...extra });
const ended = (extra: Partial<PushSent> = {}): PushSent => live({ canResend: true, endedAt: new Date().toISOString(), endReason: 'timeout', ...extra });
const push = (extra: Partial<PushInstruction> = {}): PushInstruction => ({ kind: 'push', needsPhone: true, phonePattern: '^256(?:7[678]|39)\\d{7}$', phoneRules: UGANDA, ...extra });
const accepted =
  (sent?: PushSent, status: StatusUpdate['status'] = 'processing') =>
  () =>
    Response.json({ status, updatedAt: new Date().toISOString(), ...(sent ? { sent } : {}) }, { status: 202 });

const matchMedia = window.matchMedia;
let backend: FakeBackend | undefined;

interface ShowOptions {
  status?: Session['status'];
  pay?: (body: unknown) => Response;
  phone?: boolean;
  locale?: string;
}

/** The element on a fixture session (kept, so a test can change what the next read says). */
async function show(instruction: PushInstruction, { status = 'pending', pay = accepted(live()), phone = false, locale = 'en-UG' }: ShowOptions = {}) {
  window.matchMedia = phone ? (query) => ({ matches: query === '(pointer: coarse)' }) as MediaQueryList : matchMedia;
  backend?.restore();
  const session = fixtureSession({ status, locale, ...translationFor(locale), instructions: [instruction] });
  backend = fakeBackend(session, { pay });
  const mounted = mount(fakeToken());
  await mounted.next('momo-ready');
  await mounted.element.updateComplete;
  return { ...mounted, session, instruction: session.instructions[0] as PushInstruction };
}

const text = (element: MomoCheckout, name: string) => words(part(element, name)?.textContent);
const statusText = (element: MomoCheckout) => text(element, 'status');
const pays = () => backend!.bodies.filter((body) => body.path === '/v1/session/pay');

async function typeAndSend(element: MomoCheckout, typed: string): Promise<void> {
  (part(element, 'phone-input') as HTMLInputElement).value = typed;
  const before = pays().length;
  part(element, 'pay-button')!.click();
  await waitUntil(() => pays().length > before, 'the request');
}

describe('push: when it goes wrong', () => {
  afterEach(() => {
    window.matchMedia = matchMedia;
    backend?.restore();
    backend = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  describe('after a reload mid-push', () => {
    it('Multicaixa Express (still pending): the wait screen with "Sent to … · time", no "Send request"', async () => {
      const { element } = await show(push({ sent: live({ to: '+244 92• ••• 000', liveUntil: new Date(Date.now() + 60_000).toISOString() }) }));
      expect(part(element, 'phone-input')).to.equal(null);
      expect(part(element, 'pay-button')).to.equal(null);
      expect(text(element, 'push-sent')).to.equal(`${words(en.push.sentTo('+244 92• ••• 000'))} · ${time(at)}`);
      expect(pays()).to.deep.equal([]);
      await expect(element).to.be.accessible();
    });

    it('MTN request-to-pay (processing): keeps its "Sent to …" line', async () => {
      const { element } = await show(push({ sent: live() }), { status: 'processing' });
      expect(text(element, 'push-sent')).to.equal(`${words(en.push.sentTo('+256 77• ••• 456'))} · ${time(at)}`);
      expect(part(element, 'pay-button')).to.equal(null);
    });

    it('in the payer’s language', async () => {
      const { element } = await show(push({ sent: live() }), { locale: 'vi' });
      expect(text(element, 'push-sent')).to.equal(`${words(vi.push.sentTo('+256 77• ••• 456'))} · ${time(at, 'vi')}`);
      expect(statusText(element)).to.equal(vi.awaitingApproval);
    });
  });

  describe('the status line once a push is on the phone', () => {
    it('says the same for pending with a live push (Multicaixa Express) and for processing (MTN)', async () => {
      const pending = await show(push({ sent: live() }));
      const mcx = statusText(pending.element);
      const processing = await show(push({ sent: live() }), { status: 'processing' });
      expect(mcx).to.equal(en.awaitingApproval);
      expect(statusText(processing.element)).to.equal(mcx);
    });

    it('and from a backend that tells no `sent`: processing after a push', async () => {
      const { element } = await show(push(), { status: 'processing' });
      expect(statusText(element)).to.equal(en.awaitingApproval);
      expect(part(element, 'push-wait')).to.not.equal(null);
    });

    it('before any push, and once the push ended, the usual words', async () => {
      expect(statusText((await show(push())).element)).to.equal(en.status.pending);
      expect(statusText((await show(push({ sent: ended() }))).element)).to.equal(en.status.pending);
    });

    it('right after "Send request", for a provider that stays pending (the 202 says the push is live)', async () => {
      const { element } = await show(push(), { pay: accepted(live(), 'pending') });
      await typeAndSend(element, '0772 123 456');
      await waitUntil(() => statusText(element) === en.awaitingApproval, 'the status line follows the push');
      expect(part(element, 'push-wait')).to.not.equal(null);
    });
  });

  describe('a way out while waiting', () => {
    it('MTN: "dial *165#" as text and, on a phone that dials it, as a tap-to-dial link', async () => {
      const { element } = await show(push({ sent: live(), approvalsCode: '*165#' }), { phone: true, status: 'processing' });
      const help = part(element, 'push-help') as HTMLDetailsElement;
      expect(help.open, 'folded').to.equal(false);
      expect(words(help.querySelector('summary')!.textContent)).to.equal(en.push.help);
      expect(words(help.textContent)).to.contain(en.push.approvals('*165#'));
      expect(help.querySelector('[part~=dial-button]')!.getAttribute('href')).to.equal('tel:*165%23');
      help.open = true;
      await expect(element).to.be.accessible();
    });

    it('on a desktop, and on an iPhone (which will not dial `*`/`#` from a link): the code as text only', async () => {
      const desktop = await show(push({ sent: live(), approvalsCode: '*165#' }));
      expect(words(part(desktop.element, 'push-help')!.textContent)).to.contain(en.push.approvals('*165#'));
      expect(part(desktop.element, 'dial-button')).to.equal(null);
      const userAgent = Object.getOwnPropertyDescriptor(Navigator.prototype, 'userAgent')!;
      Object.defineProperty(navigator, 'userAgent', { configurable: true, get: () => 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)' });
      try {
        const iphone = await show(push({ sent: live(), approvalsCode: '*165#' }), { phone: true });
        expect(words(part(iphone.element, 'push-help')!.textContent)).to.contain(en.push.approvals('*165#'));
        expect(part(iphone.element, 'dial-button')).to.equal(null);
      } finally {
        delete (navigator as { userAgent?: string }).userAgent;
        Object.defineProperty(Navigator.prototype, 'userAgent', userAgent);
      }
    });

    it('says when another request may go: in how long, when the provider says how long a push lives', async () => {
      const { element } = await show(push({ sent: live({ liveUntil: new Date(Date.now() + 90_000).toISOString() }) }));
      expect(words(part(element, 'push-help')!.textContent)).to.contain(en.push.resend('in 2 minutes'));
      const mtn = await show(push({ sent: live() }), { status: 'processing' });
      expect(words(part(mtn.element, 'push-help')!.textContent)).to.contain(en.push.resend(''));
    });

    it('ignores an approvals code that is no USSD code', async () => {
      const { element } = await show(push({ sent: live(), approvalsCode: 'javascript:alert(1)' }), { phone: true });
      expect(words(part(element, 'push-help')!.textContent)).to.not.contain('javascript');
      expect(part(element, 'dial-button')).to.equal(null);
    });
  });

  describe('once the provider ended the push (canResend)', () => {
    it('after a reload: why it ended, where it went, and the form again', async () => {
      const { element } = await show(push({ sent: ended() }));
      expect(text(element, 'push-ended')).to.equal(`${en.reasons.timeout} ${words(en.push.sentTo('+256 77• ••• 456'))} · ${time(at)}`);
      expect((part(element, 'phone-input') as HTMLInputElement).value, 'this page does not know the number').to.equal('');
      expect(text(element, 'pay-button')).to.equal(en.push.submit);
      await expect(element).to.be.accessible();
    });

    it('after a reload, with the merchant’s number prefilled: "Send again" or "Use another number"', async () => {
      const { element } = await show(push({ sent: ended({ endReason: 'invalid_payer' }), prefill: '256772123456' }));
      expect(text(element, 'push-ended')).to.contain(en.reasons.invalid_payer);
      expect((part(element, 'phone-input') as HTMLInputElement).value).to.equal('0772 123 456');
      expect(text(element, 'pay-button')).to.equal(en.push.again);
      expect(text(element, 'push-other')).to.equal(en.push.other);
    });

    it('MTN: the status goes back to pending as the backend reopens it; "Send again" sends to the same number', async () => {
      const sentAt = new Date().toISOString();
      const { element, session, instruction, seen } = await show(push(), { pay: accepted(live({ at: sentAt })) });
      await typeAndSend(element, '0772 123 456');
      await waitUntil(() => part(element, 'push-wait') && element.shadowRoot!.activeElement === part(element, 'push-wait'), 'the wait screen, focused');
      // The provider says nobody approved it in time: the backend ends the push, the checkout is pending again.
      const over = ended({ at: sentAt });
      instruction.sent = over;
      backend!.push({ status: 'pending', sent: over });
      await waitUntil(() => part(element, 'push-ended'), 'the ended notice');
      expect(session.status, 'the session fixture itself did not change').to.equal('pending');
      expect(statusText(element)).to.equal(en.status.pending);
      expect(seen['momo-status']?.map((update) => update.status)).to.deep.equal(['processing', 'pending']);
      const input = part(element, 'phone-input') as HTMLInputElement;
      expect(element.shadowRoot!.activeElement, 'focus moves from the wait screen to the field').to.equal(input);
      expect(input.value, 'the number last typed').to.equal('0772 123 456');
      expect(text(element, 'pay-button')).to.equal(en.push.again);
      part(element, 'pay-button')!.click();
      await waitUntil(() => pays().length === 2, 'sent again');
      expect(pays()[1]!.body).to.deep.equal({ phone: '256772123456' });
    });

    it('"Use another number" empties the field and focuses it', async () => {
      const { element } = await show(push({ sent: ended(), prefill: '256772123456' }));
      part(element, 'push-other')!.click();
      await element.updateComplete;
      const input = part(element, 'phone-input') as HTMLInputElement;
      expect(input.value).to.equal('');
      expect(element.shadowRoot!.activeElement).to.equal(input);
      expect(part(element, 'push-other')).to.equal(null);
      expect(text(element, 'pay-button')).to.equal(en.push.submit);
      expect(pays()).to.deep.equal([]);
    });
  });

  describe('never two live pushes', () => {
    it('no form, so no request, while the backend says a push is live', async () => {
      const { element } = await show(push({ sent: live() }));
      expect(element.shadowRoot!.querySelector('form, input, [part~=pay-button]')).to.equal(null);
      backend!.push({ status: 'pending', sent: live() }); // news of the same push changes nothing
      await element.updateComplete;
      expect(part(element, 'push-wait')).to.not.equal(null);
      expect(pays()).to.deep.equal([]);
    });

    it('a 409 PUSH_LIVE (another tab sent one) shows the wait screen with its "Sent to", not an error', async () => {
      let instruction: PushInstruction | undefined;
      const { element, instruction: shown } = await show(push(), {
        pay: () => {
          instruction!.sent = live({ to: '+256 78• ••• 111' }); // what the backend now tells of the push
          return Response.json({ error: { code: 'PUSH_LIVE', message: 'A request to pay was sent and has not ended yet.' } }, { status: 409 });
        },
      });
      instruction = shown;
      await typeAndSend(element, '0772 123 456');
      await waitUntil(() => part(element, 'push-sent'), 'the wait screen with the live push');
      expect(text(element, 'push-sent')).to.equal(`${words(en.push.sentTo('+256 78• ••• 111'))} · ${time(at)}`);
      expect(part(element, 'push-notice')).to.equal(null);
      expect(part(element, 'phone-error')).to.equal(null);
      expect(backend!.requests.filter((path) => path === '/v1/session').length, 'the session read again').to.equal(2);
    });
  });

  describe('a network failure on "Send request"', () => {
    it('is a notice beside the button, not a field error; the number stays, and pressing again retries', async () => {
      let fail = true;
      const { element } = await show(push(), {
        pay: () => {
          if (fail) throw new TypeError('Failed to fetch');
          return accepted(live())();
        },
      });
      await typeAndSend(element, '0772 123 456');
      await waitUntil(() => part(element, 'push-notice'), 'the notice');
      const notice = part(element, 'push-notice')!;
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(words(notice.textContent)).to.equal(en.errors.network);
      const input = part(element, 'phone-input') as HTMLInputElement;
      expect(input.getAttribute('aria-invalid')).to.equal('false');
      expect(input.getAttribute('aria-describedby')).to.not.contain('momo-phone-error');
      expect(part(element, 'phone-error')).to.equal(null);
      expect(input.value, 'the number as typed').to.equal('0772 123 456');
      await expect(element).to.be.accessible();
      fail = false;
      part(element, 'pay-button')!.click();
      await waitUntil(() => part(element, 'push-wait'), 'sent on the second press');
      expect(pays().map(({ body }) => body)).to.deep.equal([{ phone: '256772123456' }, { phone: '256772123456' }]);
    });

    it('the provider not answering (502) is a notice too; a push the backend still holds live shows the wait screen', async () => {
      let instruction: PushInstruction | undefined;
      let keepLive = false;
      const { element, instruction: shown } = await show(push(), {
        pay: () => {
          if (keepLive) instruction!.sent = live();
          return Response.json({ error: { code: 'PROVIDER_UNAVAILABLE', message: 'no answer' } }, { status: 502 });
        },
      });
      instruction = shown;
      await typeAndSend(element, '0772 123 456');
      await waitUntil(() => part(element, 'push-notice'), 'the notice');
      expect(text(element, 'push-notice')).to.equal(en.push.unavailable);
      expect(part(element, 'phone-input')!.getAttribute('aria-invalid')).to.equal('false');
      keepLive = true;
      part(element, 'pay-button')!.click();
      await waitUntil(() => part(element, 'push-wait'), 'the push may be on the phone: the wait screen');
      expect(text(element, 'push-sent')).to.contain(words(en.push.sentTo('+256 77• ••• 456')));
    });

    it('a wrong number is still said on the field', async () => {
      const { element } = await show(push(), { pay: () => Response.json({ error: { code: 'PAYER_NOT_FOUND', message: 'no such payer' } }, { status: 422 }) });
      await typeAndSend(element, '0772 123 456');
      await waitUntil(() => part(element, 'phone-error'), 'the field error');
      expect(part(element, 'phone-input')!.getAttribute('aria-invalid')).to.equal('true');
      expect(part(element, 'push-notice')).to.equal(null);
    });
  });
});

/**
 * Every state the element can show, reached from fixture sessions through the fake backend:
 * for the accessibility table (a11y.test.ts) and the contrast measurements (theme.test.ts).
 */
import { waitUntil } from '@open-wc/testing';
import type { Instruction, Session, StatusUpdate } from '../../contract';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, PNG, type FakeBackend } from './helpers';

export const RECEIPT_URL = 'https://momo.test/receipts/1';

interface StateSpec {
  /** Treat the device as a phone (a coarse pointer). */
  phone?: boolean;
  instructions?: Instruction[];
  /** Replaces the whole backend (the session request included). */
  serve?: (url: URL) => Response;
  /** What `GET /v1/session/status` says when the checkout loads already final. */
  final?: Partial<StatusUpdate> & Pick<StatusUpdate, 'status'>;
  pay?: (body: unknown) => Response;
  /** Runs once the checkout is shown; resolves when the state is on screen. */
  act?: (element: MomoCheckout) => Promise<unknown>;
  /** Which part proves the state is shown. */
  shows: string;
}

const error = (status: number, code: string) => () => Response.json({ error: { code, message: code } }, { status });

const PROOF = { paidAt: '2026-03-02T09:41:00.000Z', transactionId: 'MP260302.0941.A12345' };
const CHARGE = { amount: '150000', fee: '3000', total: '153000', currency: 'UGX' };

/** A school-fees checkout (reference, payer, items), its status reads answering `update`, no event stream. */
const schoolFees =
  (update: Omit<StatusUpdate, 'updatedAt'>) =>
  (url: URL): Response => {
    if (url.pathname === '/v1/session/events') return error(503, 'SSE_UNAVAILABLE')();
    if (url.pathname !== '/v1/session') return Response.json({ updatedAt: new Date().toISOString(), ...update });
    return Response.json(
      fixtureSession({
        status: update.status,
        reference: 'Ana Silva P5',
        payerName: 'Maria Silva',
        items: [
          { name: 'Tuition, term 1', quantity: 1, unitAmount: '120000' },
          { name: 'Exercise books', quantity: 3, unitAmount: '10000' },
        ],
        ...(update.charge ? { charge: update.charge } : {}),
        instructions: [INSTRUCTIONS.ussd],
      }),
    );
  };

/** A push on the payer's phone, as the session tells it after a reload. */
const PUSH_SENT = { to: '+244 92• ••• 000', at: new Date().toISOString(), canResend: false };

const submitPhone = (digits: string) => async (element: MomoCheckout) => {
  (part(element, 'phone-input') as HTMLInputElement).value = digits;
  part(element, 'pay-button')!.click();
};

export const STATES = {
  // The session request never answers (fetch resolves a promise's result, so a pending one stalls it).
  loading: { serve: (() => new Promise(() => {})) as unknown as () => Response, shows: 'status' },
  'qr (drawn)': { instructions: [INSTRUCTIONS.qr], shows: 'qr' },
  'qr (image)': { instructions: [{ kind: 'qr', image: PNG }], shows: 'qr' },
  'ussd (desktop)': { instructions: [INSTRUCTIONS.ussd], shows: 'ussd' },
  'ussd (phone)': { phone: true, instructions: [INSTRUCTIONS.ussd], shows: 'dial-button' },
  'deeplink (phone)': { phone: true, instructions: [INSTRUCTIONS.deeplink], shows: 'open-app' },
  'deeplink (desktop)': { instructions: [INSTRUCTIONS.deeplink], shows: 'deeplink' },
  'bank-reference': { instructions: [INSTRUCTIONS['bank-reference']], shows: 'bank-reference' },
  code: { instructions: [INSTRUCTIONS.code], shows: 'code' },
  'push form': { phone: true, instructions: [INSTRUCTIONS.push], shows: 'phone-input' },
  'push error': { phone: true, instructions: [INSTRUCTIONS.push], act: submitPhone('2449123'), shows: 'phone-error' },
  'push waiting': {
    phone: true,
    instructions: [INSTRUCTIONS.push],
    pay: () => Response.json({ status: 'processing', updatedAt: new Date().toISOString() }, { status: 202 }),
    act: submitPhone('244923456789'),
    shows: 'push-wait',
  },
  // After a reload mid-push: the wait screen from the session's `sent`, its way out unfolded.
  'push sent (reload)': {
    phone: true,
    instructions: [{ ...INSTRUCTIONS.push, sent: PUSH_SENT, approvalsCode: '*165#' }],
    act: async (element) => {
      (part(element, 'push-help') as HTMLDetailsElement).open = true;
    },
    shows: 'push-help',
  },
  // The provider ended the push unapproved: why, and the form to send again or to another number.
  'push ended': {
    phone: true,
    instructions: [{ ...INSTRUCTIONS.push, prefill: '244923000000', sent: { ...PUSH_SENT, canResend: true, endReason: 'timeout' } }],
    shows: 'push-ended',
  },
  // "Send request" got no answer: a notice beside the button, the field left valid.
  'push network notice': {
    phone: true,
    instructions: [INSTRUCTIONS.push],
    pay: () => {
      throw new TypeError('Failed to fetch');
    },
    act: submitPhone('244923456789'),
    shows: 'push-notice',
  },
  'all ways to pay (phone)': {
    phone: true,
    instructions: Object.values(INSTRUCTIONS),
    shows: 'instructions',
  },
  paid: { final: { status: 'paid', receiptUrl: RECEIPT_URL }, shows: 'receipt' },
  failed: { final: { status: 'failed', reason: 'insufficient_funds' }, shows: 'reason' },
  // "Try again" with no page listening for momo-retry: the button becomes a note.
  'failed (ask for a new link)': {
    final: { status: 'failed', reason: 'insufficient_funds' },
    act: async (element) => {
      await waitUntil(() => part(element, 'retry-button'), 'the retry button');
      part(element, 'retry-button')!.click();
    },
    shows: 'retry-note',
  },
  expired: { final: { status: 'expired', reason: 'expired' }, shows: 'final' },
  'expired (outcome unknown)': { final: { status: 'expired', reason: 'outcome_unknown' }, shows: 'reason' },
  cancelled: { final: { status: 'cancelled', reason: 'cancelled' }, shows: 'final' },
  // School fees, paid: reference, payer and items above the proof of payment with its transaction id.
  'paid (receipt)': { serve: schoolFees({ status: 'paid', payment: PROOF, receiptUrl: RECEIPT_URL }), shows: 'transaction-id' },
  // A fee the payer bears applies (Dollr): the headline says the total, with the breakdown.
  'fee total': { serve: schoolFees({ status: 'pending', charge: CHARGE }), shows: 'charge' },
  // The backend stopped taking the token before it settled the checkout: its refusal tells no status.
  'session ended': {
    serve: (url) => {
      if (url.pathname === '/v1/session') return Response.json(fixtureSession({ instructions: [INSTRUCTIONS.push] }));
      if (url.pathname === '/v1/session/events') return error(503, 'SSE_UNAVAILABLE')();
      return error(401, 'TOKEN_EXPIRED')();
    },
    shows: 'ended',
  },
  // Status checks keep failing after the checkout loaded: "Reconnecting…" on its own line, a still dot.
  reconnecting: {
    serve: (url) => (url.pathname === '/v1/session' ? Response.json(fixtureSession()) : error(503, 'SERVICE_UNAVAILABLE')()),
    // Two failed checks in a row, the second after a back-off of a few seconds.
    act: (element) => waitUntil(() => part(element, 'reconnecting'), 'reconnecting', { timeout: 10_000 }),
    shows: 'reconnecting',
  },
  // Under a minute left to pay: the countdown is drawn urgent.
  'last minute': {
    serve: (url) =>
      url.pathname === '/v1/session'
        ? Response.json(fixtureSession({ expiresAt: new Date(Date.now() + 50_000).toISOString() }))
        : url.pathname === '/v1/session/status'
          ? Response.json({ status: 'pending', updatedAt: new Date().toISOString() })
          : error(503, 'SSE_UNAVAILABLE')(),
    shows: 'countdown',
  },
  'error (token)': { serve: error(401, 'TOKEN_INVALID'), shows: 'error' },
  'error (network, retry)': { serve: error(503, 'SERVICE_UNAVAILABLE'), shows: 'error' },
} satisfies Record<string, StateSpec>;

export type StateName = keyof typeof STATES;

const matchMedia = window.matchMedia;
let backend: FakeBackend | undefined;

/** Shows the element in `name`'s state, in a fresh container after `before` (a focus anchor). */
export async function reach(name: StateName): Promise<{ element: MomoCheckout; backend: FakeBackend }> {
  const spec: StateSpec = STATES[name];
  // A coarse pointer is what makes the element treat the device as a phone.
  window.matchMedia = spec.phone ? (query) => ({ matches: query === '(pointer: coarse)' }) as MediaQueryList : matchMedia;
  backend?.restore();
  const session: Session = fixtureSession({
    status: spec.final?.status ?? 'pending',
    instructions: spec.instructions ?? [INSTRUCTIONS.ussd],
  });
  const final = spec.final;
  backend = fakeBackend(
    spec.serve ?? (final ? (url) => (url.pathname === '/v1/session' ? Response.json(session) : Response.json({ updatedAt: new Date().toISOString(), ...final })) : session),
    spec.pay ? { pay: spec.pay } : {},
  );
  const container = document.createElement('div');
  container.className = 'momo-state';
  container.innerHTML = '<button type="button">before</button>';
  document.body.append(container);
  const { element, next } = mount(fakeToken(), container);
  container.insertAdjacentHTML('beforeend', '<button type="button">after</button>');
  if (!spec.serve) await next('momo-ready');
  await spec.act?.(element);
  await waitUntil(() => part(element, spec.shows) && (name !== 'loading' || part(element, 'status')!.textContent), `${name} is shown`);
  if (final) await waitUntil(() => part(element, 'final')?.getAttribute('data-status') === final.status, `${name} is final`);
  await element.updateComplete;
  return { element, backend };
}

/** Undoes `reach`: call in `afterEach`. */
export function leave(): void {
  window.matchMedia = matchMedia;
  backend?.restore();
  backend = undefined;
  document.querySelectorAll('.momo-state').forEach((container) => {
    container.remove();
  });
}

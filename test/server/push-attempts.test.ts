/**
 * Pushes to the payer's phone, for every provider with a push method (MTN request-to-pay, Mom
 * Factura's Multicaixa Express, Dollr): the session tells that a push went, where (masked) and
 * when, across reloads and restarts; never two live pushes for one checkout; another push (to
 * the same number or another) once the provider ended the first unpaid, while the checkout is
 * payable. Real HTTP to a real backend and its sandboxes; the backend's clock is driven.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ApiErrorBody, PushInstruction, Session, StatusUpdate } from '../../contract';
import { manualClock, type ManualClock } from './clock';
import { createCheckout, readStatusEvents, startTestServer, type TestServer } from './helpers';

interface Provider {
  name: string;
  checkout: Record<string, unknown>;
  phone: string;
  masked: string;
  other: string;
  /** Multicaixa Express answers the pay call only once the payer acted. */
  holdsAnswer: boolean;
  /** The pushes the provider's sandbox holds for this checkout (known by its id, or the merchant's reference), oldest first. */
  pushesAt(server: TestServer, checkout: { id: string; reference: string }): Promise<{ to: string; state: string }[]>;
  /** How the provider's answer reaches the backend once the sandbox payer acted. */
  delivered(server: TestServer, clock: ManualClock): Promise<void>;
}

const mtnPushes = async (server: TestServer, reference: string) => {
  const { requesttopay } = (await (await server.sandbox('/mtn-momo/control/requesttopay', undefined, 'GET')).json()) as { requesttopay: { payerMsisdn: string; status: string; externalId: string }[] };
  return requesttopay.filter((r) => r.externalId === reference).map((r) => ({ to: r.payerMsisdn, state: r.status }));
};

const PROVIDERS: Provider[] = [
  {
    name: 'MTN request-to-pay',
    checkout: { method: 'request-to-pay', amount: '25000', currency: 'UGX' },
    phone: '256772987654',
    masked: '+256 77• ••• 654',
    other: '256782654321',
    holdsAnswer: false,
    pushesAt: (server, { reference }) => mtnPushes(server, reference),
    // MTN calls back at once.
    delivered: async () => {},
  },
  {
    name: 'Mom Factura Multicaixa Express',
    checkout: { provider: 'mom-factura', method: 'mcx', amount: '2500.00', currency: 'AOA' },
    phone: '244923456789',
    masked: '+244 92• ••• 789',
    other: '244923111222',
    holdsAnswer: true,
    async pushesAt(server, { id }) {
      const { payments } = (await (await server.sandbox('/mom-factura/control/payments', undefined, 'GET')).json()) as { payments: { sandboxTag?: string; phoneNumber: string; state: string }[] };
      return payments.filter((p) => p.sandboxTag === id).map((p) => ({ to: p.phoneNumber, state: p.state }));
    },
    // Its answer is the pay call's own.
    delivered: async () => {},
  },
  {
    name: 'Dollr collection',
    checkout: { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD' },
    phone: '231886543210',
    masked: '+231 88 ••• •210',
    other: '231551234567',
    holdsAnswer: false,
    async pushesAt(server, { reference }) {
      const { executions } = (await dollrState(server)) as { executions: { phone: string; status: string; invoice?: { reference_id: string | null } }[] };
      return executions.filter((e) => e.invoice?.reference_id === reference).map((e) => ({ to: e.phone, state: e.status }));
    },
    // No callbacks: the reconciler's next poll brings it.
    async delivered(server, clock) {
      clock.advance(POLL_MS);
      await server.reconciler.runOnce();
    },
  },
];

const POLL_MS = 200;

async function dollrState(server: TestServer) {
  return (await (await server.sandbox('/dollr/control/state', undefined, 'GET')).json()) as { executions: unknown[]; invoices: { reference_id: string | null; status: string }[] };
}

function pay(server: TestServer, token: string, phone: string) {
  return fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone }),
  });
}

async function pushOf(server: TestServer, token: string): Promise<PushInstruction> {
  const session = (await (await server.element('/v1/session', token)).json()) as Session;
  const push = session.instructions.find((i): i is PushInstruction => i.kind === 'push');
  assert.ok(push, 'a push instruction');
  return push;
}

async function view(server: TestServer, id: string) {
  return (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as {
    id: string;
    status: string;
    reason?: string;
    reference: string;
    providerReference?: string;
    events: { source: string; status: string; reason?: string; providerStatus?: string }[];
  };
}

/** Acts as the payer at the provider's sandbox (which waits a moment for an MCX push still on its way there). */
async function act(server: TestServer, id: string, action: 'approve' | 'decline' | 'expire') {
  const response = await server.sandbox(`/checkouts/${id}/${action}`);
  assert.equal(response.status, 202, await response.clone().text());
}

/** The payer acts once the push is at the provider: MCX holds the pay call's answer until then, the others answer first. */
async function actOn(server: TestServer, provider: Provider, id: string, paying: Promise<unknown>, action: 'approve' | 'expire') {
  if (!provider.holdsAnswer) await paying;
  await act(server, id, action);
}

/** Resolves once the checkout's stream says paid (MTN's callback, Dollr's poll, MCX's answer brought it). */
async function paidOn(server: TestServer, token: string) {
  assert.equal((await readStatusEvents(server, token, (update) => update.status !== 'pending' && update.status !== 'processing')).at(-1)?.status, 'paid');
}

/** Resolves once the checkout's stream shows a push on the phone (for MCX, whose pay call is held until the payer acts). */
const pushSent = (server: TestServer, token: string) => readStatusEvents(server, token, (update) => update.sent !== undefined && !update.sent.canResend);

async function createCheckoutWithReference(server: TestServer, body: Record<string, unknown>) {
  const reference = `PUSH-${Math.random().toString(36).slice(2, 10)}`;
  return { ...(await createCheckout(server, { ...body, reference })), reference };
}

describe('pushes to the payer’s phone, for each provider', () => {
  let server: TestServer;
  let clock: ManualClock;
  before(async () => {
    clock = manualClock();
    server = await startTestServer({ firstPollDelayMs: POLL_MS, maxPollDelayMs: POLL_MS }, {}, {}, { clock, reconcile: false });
  });
  after(() => server.close());

  for (const provider of PROVIDERS) {
    const create = () => createCheckout(server, { provider: 'mtn-momo', ...provider.checkout });

    test(`${provider.name}: the session says a push went, to the masked number, when; a second pay while it is live is 409 PUSH_LIVE, nothing sent`, async () => {
      const { id, token } = await create();
      const before = await pushOf(server, token);
      assert.equal(before.sent, undefined);
      const sent = pushSent(server, token);
      const paying = pay(server, token, provider.phone);
      const update = (await sent).at(-1);
      assert.deepEqual([update?.sent?.to, update?.sent?.at, update?.sent?.canResend], [provider.masked, new Date(clock.now()).toISOString(), false]);

      // A reload reads the same: the wait screen, not the form.
      const reloaded = await pushOf(server, token);
      assert.deepEqual(reloaded.sent, update?.sent);
      assert.equal(reloaded.needsPhone, false, 'no number is asked while the push is live');
      assert.ok(!JSON.stringify(reloaded).includes(provider.phone.slice(-6)), 'never the whole number');

      const again = await pay(server, token, provider.other);
      assert.equal(again.status, 409);
      const body = (await again.json()) as ApiErrorBody;
      assert.equal(body.error.code, 'PUSH_LIVE');
      assert.match(body.error.message, new RegExp(provider.masked.replaceAll('+', '\\+')));
      assert.deepEqual(body.status?.sent, update?.sent);

      await actOn(server, provider, id, paying, 'approve');
      assert.equal((await paying).status, 202);
      await provider.delivered(server, clock);
      await paidOn(server, token);
      const paid = await view(server, id);
      assert.deepEqual(
        (await provider.pushesAt(server, paid)).map((p) => p.to),
        [provider.phone],
        'one push reached the provider',
      );
    });

    test(`${provider.name}: two pays at once → one provider call, the other 409 PUSH_LIVE`, async () => {
      const { id, token } = await create();
      const answers = Promise.all([pay(server, token, provider.phone), pay(server, token, provider.other)]);
      // MCX holds the winner's answer until the payer acts; the loser is answered at once either way.
      await pushSent(server, token);
      await actOn(server, provider, id, answers, 'approve');
      const statuses = (await answers).map((response) => response.status).sort();
      assert.deepEqual(statuses, [202, 409]);
      await provider.delivered(server, clock);
      await paidOn(server, token);
      const paid = await view(server, id);
      assert.equal((await provider.pushesAt(server, paid)).length, 1, 'one provider call');
    });

    test(`${provider.name}: once the push lapsed unanswered at the provider, the checkout is payable again: canResend, then a push to another number pays`, async () => {
      const { id, token } = await create();
      const sent = pushSent(server, token);
      const first = pay(server, token, provider.phone);
      await sent;
      const reopened = readStatusEvents(server, token, (update) => update.sent?.canResend === true);
      await actOn(server, provider, id, first, 'expire');
      assert.equal((await first).status, 202);
      await provider.delivered(server, clock);
      const ended = (await reopened).at(-1)!;
      assert.deepEqual([ended.status, ended.reason, ended.sent?.to, ended.sent?.endReason], ['pending', undefined, provider.masked, 'expired']);
      assert.ok(ended.sent?.endedAt);
      // The session asks for a number again, and says why the last push ended.
      const push = await pushOf(server, token);
      assert.deepEqual([push.needsPhone, push.sent?.canResend], [true, true]);
      const history = await view(server, id);
      assert.deepEqual([history.status, history.providerReference], ['pending', undefined]);
      assert.deepEqual([history.events.at(-1)?.status, history.events.at(-1)?.reason], ['pending', 'expired']);

      // Another number this time: a new push, live again; then paid.
      const resent = pushSent(server, token);
      const second = pay(server, token, provider.other);
      const live = (await resent).at(-1)!;
      assert.equal(live.sent?.canResend, false);
      assert.notEqual(live.sent?.to, provider.masked);
      await actOn(server, provider, id, second, 'approve');
      assert.equal((await second).status, 202);
      await provider.delivered(server, clock);
      await paidOn(server, token);
      const paid = await view(server, id);
      assert.deepEqual(
        (await provider.pushesAt(server, paid)).map((p) => p.to),
        [provider.phone, provider.other],
      );
    });
  }

  test('Dollr: the invoice a lapsed push left payable is withdrawn when the next push issues its own', async () => {
    const { id, token, reference } = await createCheckoutWithReference(server, { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD' });
    assert.equal((await pay(server, token, '231881234567')).status, 202);
    await act(server, id, 'expire');
    clock.advance(POLL_MS);
    await server.reconciler.runOnce();
    assert.equal((await pushOf(server, token)).sent?.canResend, true);
    assert.equal((await pay(server, token, '231881234567')).status, 202);
    const invoices = (await dollrState(server)).invoices.filter((invoice) => invoice.reference_id === reference);
    assert.deepEqual(
      invoices.map((invoice) => invoice.status),
      ['CANCELED', 'PROCESSING'],
    );
  });

  test('Multicaixa Express says how long the push stays on the phone (90 s); MTN, which does not say, gives the code listing pending approvals (*165# in Uganda)', async () => {
    const mcx = await createCheckout(server, { provider: 'mom-factura', method: 'mcx', amount: '2500.00', currency: 'AOA' });
    const sent = pushSent(server, mcx.token);
    const paying = pay(server, mcx.token, '244923000000');
    const update = (await sent).at(-1)!;
    assert.equal(Date.parse(update.sent!.liveUntil!) - Date.parse(update.sent!.at), 90_000);
    assert.equal((await pushOf(server, mcx.token)).approvalsCode, undefined);
    await act(server, mcx.id, 'decline');
    assert.equal(((await (await paying).json()) as StatusUpdate).status, 'failed');

    const mtn = await createCheckout(server, { method: 'request-to-pay', amount: '25000', currency: 'UGX' });
    assert.equal((await pushOf(server, mtn.token)).approvalsCode, undefined, 'only once a push went');
    assert.equal((await pay(server, mtn.token, '0772 123 456')).status, 202);
    const push = await pushOf(server, mtn.token);
    assert.deepEqual([push.approvalsCode, push.sent?.liveUntil, push.sent?.to], ['*165#', undefined, '+256 77• ••• 456']);
  });

  test('a push that ends after the checkout expired does not reopen it: the checkout ends expired', async () => {
    const { id, token } = await createCheckout(server, { method: 'request-to-pay', amount: '25000', currency: 'UGX', expiresInSeconds: 60 });
    assert.equal((await pay(server, token, '256772123456')).status, 202);
    clock.advance(61_000);
    await act(server, id, 'expire');
    const final = await readStatusEvents(server, token, (update) => update.status === 'expired');
    assert.deepEqual([final.at(-1)?.reason, final.at(-1)?.sent], ['expired', undefined]);
  });

  test('a declined push is the payer’s answer: the checkout fails, no resend', async () => {
    const { id, token } = await createCheckout(server, { method: 'request-to-pay', amount: '25000', currency: 'UGX' });
    assert.equal((await pay(server, token, '256772123456')).status, 202);
    const final = readStatusEvents(server, token, (update) => update.status === 'failed');
    await act(server, id, 'decline');
    assert.equal((await final).at(-1)?.reason, 'rejected');
    assert.equal((await pay(server, token, '256772123456')).status, 409);
  });
});

describe('a provider that fails on "Send request": 502 PROVIDER_UNAVAILABLE, never a field error', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());
  const faults = (body?: unknown) => server.sandbox('/mtn-momo/control/faults', body, body ? 'PUT' : 'DELETE');

  test('nothing sent (MTN failed, and has no such push): 502 with no push on the phone; the payer may send again at once', async () => {
    const { token } = await createCheckout(server, { method: 'request-to-pay', amount: '25000', currency: 'UGX' });
    await faults({ failNext: { status: 503, count: 1 } });
    try {
      const response = await pay(server, token, '256772123456');
      assert.equal(response.status, 502);
      const body = (await response.json()) as ApiErrorBody;
      assert.deepEqual([body.error.code, body.status?.status, body.status?.sent], ['PROVIDER_UNAVAILABLE', 'pending', undefined]);
      assert.match(body.error.message, /sent nothing/);
    } finally {
      await faults();
    }
    assert.equal((await pay(server, token, '256772123456')).status, 202);
  });

  test('no answer at all (the push may be on the phone): 502 with the push still live; another pay is PUSH_LIVE', async () => {
    const { token } = await createCheckout(server, { method: 'request-to-pay', amount: '25000', currency: 'UGX' });
    // The push and the status read after it both fail.
    await faults({ failNext: { status: 503, count: 2 } });
    try {
      const response = await pay(server, token, '256772123456');
      assert.equal(response.status, 502);
      const body = (await response.json()) as ApiErrorBody;
      assert.deepEqual([body.error.code, body.status?.sent?.to, body.status?.sent?.canResend], ['PROVIDER_UNAVAILABLE', '+256 77• ••• 456', false]);
      assert.match(body.error.message, /may still ring/);
    } finally {
      await faults();
    }
    const again = await pay(server, token, '256772123456');
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as ApiErrorBody).error.code, 'PUSH_LIVE');
  });

  test('a number the method does not take is a 400 INVALID_PHONE, without any status', async () => {
    const { token } = await createCheckout(server, { method: 'request-to-pay', amount: '25000', currency: 'UGX' });
    const response = await pay(server, token, '256701234567');
    const body = (await response.json()) as ApiErrorBody;
    assert.deepEqual([response.status, body.error.code, body.status], [400, 'INVALID_PHONE', undefined]);
  });
});

describe('the push state survives a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'momo-push-restart-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  // A fixed public address, so that the checkout token's issuer is the same for both processes.
  const backend = () => startTestServer({}, { publicBaseUrl: 'http://localhost:9' }, {}, { dataDir, reconcile: false });

  test('a reload after a restart still shows "sent to", and still refuses a second push', async () => {
    const first = await backend();
    let checkout: { id: string; token: string };
    let sentBefore: PushInstruction['sent'];
    try {
      checkout = await createCheckout(first, { method: 'request-to-pay', amount: '25000', currency: 'UGX' });
      assert.equal((await pay(first, checkout.token, '256772123456')).status, 202);
      sentBefore = (await pushOf(first, checkout.token)).sent;
    } finally {
      await first.close();
    }
    const second = await backend();
    try {
      const push = await pushOf(second, checkout.token);
      assert.deepEqual(push.sent, sentBefore);
      assert.equal(push.sent?.to, '+256 77• ••• 456');
      const again = await pay(second, checkout.token, '256772123456');
      assert.equal(((await again.json()) as ApiErrorBody).error.code, 'PUSH_LIVE');
    } finally {
      await second.close();
    }
  });
});

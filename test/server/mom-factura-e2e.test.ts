/**
 * Mom Factura end to end through the whole backend (startTestServer): merchant create →
 * the element's session → (MCX: POST /v1/session/pay) → the sandbox payer acts → the
 * outcome arrives the way Mom Factura sends it (MCX: the answer; E-kwanza and Reference:
 * webhook confirmed through the status endpoint, or the reconciler's poll). Where the reconciler
 * matters, it is stopped and driven a pass at a time on a manual clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isFinalStatus, type Session, type StatusUpdate } from '../../contract';
import { manualClock, type ManualClock } from './clock';
import { readStatusEvents, startTestServer, type TestServer } from './helpers';

/** Clock time: a checkout's first poll is due this long after it is made… */
const FIRST_POLL_DELAY_MS = 100;
/** …and each later one at most this long after the last, by the reconciler's own back-off. */
const MAX_POLL_DELAY_MS = 200;
/** Passes a driven reconciler gets to settle a checkout whose outcome the provider already has. */
const MAX_PASSES = 3;

/** A backend whose reconciler runs only when the test drives it, on a clock the test moves. */
async function drivenServer() {
  const clock = manualClock();
  const server = await startTestServer({ firstPollDelayMs: FIRST_POLL_DELAY_MS, maxPollDelayMs: MAX_POLL_DELAY_MS }, {}, {}, { clock, reconcile: false });
  return { server, clock };
}

/** Drives reconciler passes, each once the next poll is due, until the checkout is final; then its stream's final update. */
async function settledByPasses(server: TestServer, clock: ManualClock, id: string, final: Promise<StatusUpdate[]>): Promise<StatusUpdate> {
  const status = async () => ((await (await server.merchant(`/v1/checkouts/${id}`)).json()) as { status: StatusUpdate['status'] }).status;
  for (let passes = 0; !isFinalStatus(await status()); passes += 1) {
    assert.ok(passes < MAX_PASSES, `${id} still open after ${MAX_PASSES} reconciler passes`);
    clock.advance(MAX_POLL_DELAY_MS);
    await server.reconciler.runOnce();
  }
  return (await final).at(-1)!;
}

interface MerchantView {
  id: string;
  status: string;
  reason?: string;
  receiptUrl?: string;
  providerReference?: string;
  events: { source: string; status: string; reason?: string; providerStatus?: string }[];
}

function client(server: TestServer) {
  const base = `http://127.0.0.1:${server.config.port}`;
  return {
    async create(method: string, overrides: Record<string, unknown> = {}) {
      const response = await server.merchant('/v1/checkouts', {
        idempotencyKey: crypto.randomUUID(),
        body: {
          provider: 'mom-factura',
          method,
          amount: '2500.00',
          currency: 'AOA',
          reference: `MF-${Math.random().toString(36).slice(2, 10)}`,
          description: 'Jantar',
          payer: { phone: '+244923000000' },
          ...overrides,
        },
      });
      return { response, body: (await response.json()) as { id: string; token: string; status: string; expiresAt: string; error?: { code: string; message: string } } };
    },
    async checkout(method: string, overrides: Record<string, unknown> = {}) {
      const { response, body } = await this.create(method, overrides);
      assert.equal(response.status, 201, JSON.stringify(body));
      return body;
    },
    async session(token: string) {
      return (await (await server.element('/v1/session', token)).json()) as Session;
    },
    pay(token: string, phone: string) {
      return fetch(`${base}/v1/session/pay`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ phone }),
      });
    },
    act(id: string, action: string) {
      return server.sandbox(`/checkouts/${id}/${action}`);
    },
    async final(token: string): Promise<StatusUpdate> {
      const updates = await readStatusEvents(server, token, (update) => isFinalStatus(update.status));
      return updates.at(-1)!;
    },
    async view(id: string) {
      return (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as MerchantView;
    },
    control(path: string, body?: unknown, method = 'POST') {
      return server.sandbox(`/mom-factura/control${path}`, body, method);
    },
  };
}

/** Asks `probe` until it returns a value (for sandbox bookkeeping no event announces). */
async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('mom-factura through the backend', () => {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startTestServer();
    api = client(server);
  });
  after(() => server.close());

  test('the backend offers mom-factura mcx, ekwanza and reference in AOA', async () => {
    const { response, body } = await api.create('reference', { currency: 'EUR', amount: '10.00' });
    assert.equal(response.status, 422);
    assert.equal(body.error?.code, 'UNSUPPORTED_CURRENCY');
  });

  describe('ekwanza', () => {
    test('QR image + code → approve → paid by webhook, with the invoice as receipt', async () => {
      const created = await api.checkout('ekwanza');
      const session = await api.session(created.token);
      const [qr, code] = session.instructions;
      assert.ok(qr?.kind === 'qr' && qr.image?.startsWith('data:image/png;base64,'));
      assert.ok(code?.kind === 'code' && /^EKZ\d{6}$/.test(code.code) && code.expiresAt === qr.expiresAt);
      // The checkout (and its countdown, and its token) ends when the code stops being payable.
      assert.equal(Date.parse(session.expiresAt), Date.parse(code.expiresAt!));
      assert.equal(Date.parse(created.expiresAt), Date.parse(code.expiresAt!));
      assert.equal((await api.act(created.id, 'approve')).status, 202);
      const final = await api.final(created.token);
      assert.equal(final.status, 'paid');
      assert.match(final.receiptUrl ?? '', /\/sandbox\/mom-factura\/invoices\/[0-9a-f]{24}\.pdf$/);
      assert.equal((await fetch(final.receiptUrl!)).headers.get('content-type'), 'application/pdf');
      const view = await api.view(created.id);
      assert.equal(view.providerReference, code.code);
      assert.deepEqual(
        view.events.map((e) => [e.source, e.status]),
        [
          ['create', 'pending'],
          ['callback', 'paid'],
        ],
      );
    });

    test('decline → failed (rejected); expire → expired', async () => {
      for (const [action, status, reason] of [
        ['decline', 'failed', 'rejected'],
        ['expire', 'expired', 'expired'],
      ] as const) {
        const created = await api.checkout('ekwanza');
        assert.equal((await api.act(created.id, action)).status, 202);
        const final = await api.final(created.token);
        assert.deepEqual([final.status, final.reason, final.receiptUrl], [status, reason, undefined]);
      }
    });

    test('without the payer phone, or with an IVA Mom Factura refuses, nothing is created: 422 before any call', async () => {
      const payments = async () => ((await (await api.control('/payments', undefined, 'GET')).json()) as { payments: unknown[] }).payments.length;
      const before = await payments();
      const noPhone = await api.create('ekwanza', { payer: undefined });
      assert.equal(noPhone.response.status, 422);
      assert.equal(noPhone.body.error?.code, 'PAYER_PHONE_REQUIRED');
      assert.match(noPhone.body.error?.message ?? '', /payer\.phone\. Enter a mobile money number in Angola, as 923 000 000 or \+244 923 000 000\.$/);
      const taxed = await api.create('mcx', { items: [{ name: 'Propina', quantity: 1, unitAmount: '2500.00', taxRate: 16 }] });
      assert.equal(taxed.response.status, 422);
      assert.equal(taxed.body.error?.code, 'TAX_RATE_OUT_OF_RANGE');
      assert.match(taxed.body.error?.message ?? '', /0–14 %, not 16 % \(item "Propina"\)/);
      assert.equal(await payments(), before, 'nothing reached Mom Factura');
    });
  });

  describe('reference', () => {
    test('bank reference → approve → paid with receipt; decline → failed; expire → expired', async () => {
      const created = await api.checkout('reference', { payer: undefined, items: [{ name: 'Jantar', quantity: 2, unitAmount: '1250.00', taxRate: 14 }] });
      const [instruction] = (await api.session(created.token)).instructions;
      assert.ok(instruction?.kind === 'bank-reference');
      assert.equal(instruction.entity, '11604');
      assert.match(instruction.reference, /^\d{9}$/);
      assert.equal(instruction.amount, '2500.00');
      assert.match(instruction.dueDate, /^\d{4}-\d{2}-\d{2}$/);
      await api.act(created.id, 'approve');
      const final = await api.final(created.token);
      assert.equal(final.status, 'paid');
      assert.match(final.receiptUrl ?? '', /\.pdf$/);

      for (const [action, status, reason] of [
        ['decline', 'failed', 'rejected'],
        ['expire', 'expired', 'expired'],
      ] as const) {
        const other = await api.checkout('reference');
        await api.act(other.id, action);
        const outcome = await api.final(other.token);
        assert.deepEqual([outcome.status, outcome.reason], [status, reason]);
      }
    });
  });

  describe('mcx', () => {
    test('push → the payer approves → the pay answer is paid, with the invoice as receipt', async () => {
      const created = await api.checkout('mcx', { payer: undefined });
      const session = await api.session(created.token);
      assert.deepEqual(session.instructions, [
        {
          kind: 'push',
          needsPhone: true,
          phonePattern: '^244\\d{9}$',
          phoneExample: '244923000000',
          phoneRules: { country: 'AO', callingCode: '244', lengths: [9], groups: [3, 3, 3] },
          operators: ['Multicaixa Express'],
        },
      ]);
      // Like Multicaixa Express itself, the pay call answers once the payer has acted on the push.
      const paying = api.pay(created.token, '244923000000');
      assert.equal((await api.act(created.id, 'approve')).status, 202);
      const response = await paying;
      assert.equal(response.status, 202);
      const update = (await response.json()) as StatusUpdate;
      assert.equal(update.status, 'paid');
      assert.match(update.receiptUrl ?? '', /\.pdf$/);
      const view = await api.view(created.id);
      assert.deepEqual(
        view.events.map((e) => [e.source, e.status]),
        [
          ['create', 'pending'],
          ['payer', 'paid'],
        ],
      );
      assert.equal(view.events[1]?.providerStatus, 'mcx:SUCCESS');
      // Once paid, nothing can push again.
      assert.equal((await api.pay(created.token, '244923000000')).status, 409);
    });

    test('decline → failed (rejected)', async () => {
      const created = await api.checkout('mcx');
      const paying = api.pay(created.token, '244923000000');
      await api.act(created.id, 'decline');
      const update = (await (await paying).json()) as StatusUpdate;
      assert.deepEqual([update.status, update.reason], ['failed', 'rejected']);
      const final = await api.final(created.token);
      assert.deepEqual([final.status, final.reason], ['failed', 'rejected']);
    });

    test('expire (the push timed out unanswered) → the attempt ended, the checkout stays payable', async () => {
      const created = await api.checkout('mcx');
      const paying = api.pay(created.token, '244923000000');
      await api.act(created.id, 'expire');
      const update = (await (await paying).json()) as StatusUpdate;
      assert.deepEqual([update.status, update.reason, update.sent?.canResend, update.sent?.endReason], ['pending', undefined, true, 'expired']);
      assert.deepEqual((await api.view(created.id)).events.at(-1), {
        ...(await api.view(created.id)).events.at(-1),
        source: 'payer',
        status: 'pending',
        reason: 'expired',
        providerStatus: 'mcx:PAYMENT_TIMEOUT',
      });
    });

    test('a QA test phone answers at once (244900000001: insufficient funds); a non-Angolan number is refused', async () => {
      const created = await api.checkout('mcx');
      const wrong = await api.pay(created.token, '256772123456');
      assert.equal(wrong.status, 400);
      const response = await api.pay(created.token, '244900000001');
      const update = (await response.json()) as StatusUpdate;
      assert.deepEqual([response.status, update.status, update.reason], [202, 'failed', 'insufficient_funds']);
    });
  });

  test('a malformed or unknown webhook changes nothing', async () => {
    const malformed = await fetch(`${server.url}/v1/callbacks/mom-factura`, { method: 'POST', body: '{"operationStatus":"1"}' });
    assert.equal(malformed.status, 400);
    const unknown = await fetch(`${server.url}/v1/callbacks/mom-factura`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ event: 'payment.confirmed', merchantTransactionId: 'op-forged', operationStatus: '1' }),
    });
    // Acknowledged like any other: the answer is no oracle of which payments exist.
    assert.deepEqual([unknown.status, await unknown.json()], [200, { received: true }]);
  });

  test('a forged paid webhook for a real payment is confirmed with the status endpoint: still pending', async () => {
    const created = await api.checkout('reference');
    const { providerReference } = await api.view(created.id);
    const forged = await fetch(`${server.url}/v1/callbacks/mom-factura`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ event: 'payment.confirmed', merchantTransactionId: providerReference, operationStatus: '1' }),
    });
    assert.equal(forged.status, 200);
    assert.equal((await api.view(created.id)).status, 'pending');
  });

  test('duplicated webhooks: paid once', async () => {
    await api.control('/faults', { callbacks: 'duplicate' }, 'PUT');
    try {
      const created = await api.checkout('reference');
      await api.act(created.id, 'approve');
      assert.equal((await api.final(created.token)).status, 'paid');
      const { providerReference } = await api.view(created.id);
      // All four POSTs (two events, each twice) answered by the backend.
      const attempts = await until(async () => {
        const payment = (await (await api.control(`/payments/${providerReference}`, undefined, 'GET')).json()) as { webhooks: { attempts: { status?: number; event?: string }[] } };
        const done = payment.webhooks.attempts.filter((a) => a.status !== undefined);
        return done.length === 4 ? done : undefined;
      });
      assert.deepEqual(
        attempts.map((a) => [a.event, a.status]),
        [
          ['payment.confirmed', 200],
          ['payment.confirmed', 200],
          ['invoice.created', 200],
          ['invoice.created', 200],
        ],
      );
      const view = await api.view(created.id);
      assert.deepEqual(
        view.events.map((e) => e.status),
        ['pending', 'paid'],
      );
      assert.match(view.receiptUrl ?? '', /\.pdf$/);
    } finally {
      await api.control('/faults', undefined, 'DELETE');
    }
  });
});

describe('mom-factura: the reconciler settles what webhooks do not', () => {
  let server: TestServer;
  let clock: ManualClock;
  let api: ReturnType<typeof client>;
  before(async () => {
    ({ server, clock } = await drivenServer());
    api = client(server);
  });
  after(() => server.close());

  test('with webhooks dropped, approved E-kwanza and Reference payments still end paid by polling', async () => {
    await api.control('/faults', { callbacks: 'drop' }, 'PUT');
    for (const method of ['ekwanza', 'reference']) {
      const created = await api.checkout(method);
      const updates = readStatusEvents(server, created.token, (update) => isFinalStatus(update.status));
      await api.act(created.id, 'approve');
      const final = await settledByPasses(server, clock, created.id, updates);
      assert.equal(final.status, 'paid');
      assert.match(final.receiptUrl ?? '', /\.pdf$/);
      const view = await api.view(created.id);
      assert.deepEqual(
        view.events.map((e) => [e.source, e.status]),
        [
          ['create', 'pending'],
          ['poll', 'paid'],
        ],
      );
      const payment = (await (await api.control(`/payments/${view.providerReference}`, undefined, 'GET')).json()) as { webhooks: { sent: number; dropped: number } };
      assert.deepEqual([payment.webhooks.sent, payment.webhooks.dropped], [0, 2]);
    }
  });
});

/** The status as the element reads it, with its ETag; `etag` sent as If-None-Match. */
async function statusOf(server: TestServer, token: string, etag?: string) {
  const response = await server.element('/v1/session/status', token, etag ? { 'If-None-Match': etag } : {});
  return { code: response.status, etag: response.headers.get('etag') ?? '', update: response.status === 200 ? ((await response.json()) as StatusUpdate) : undefined };
}

describe('mom-factura: a receipt that comes after the payment', () => {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  before(async () => {
    // The reconciler's first poll is a minute away: only webhooks settle anything here.
    server = await startTestServer();
    api = client(server);
  });
  after(() => server.close());

  test('invoice.created for a paid checkout is confirmed and adds the receipt: a new ETag, a stream event, no second paid event', async () => {
    await api.control('/faults', { invoiceDelayMs: 500 }, 'PUT');
    try {
      const created = await api.checkout('reference');
      const paid = readStatusEvents(server, created.token, (update) => update.status === 'paid');
      const receipted = readStatusEvents(server, created.token, (update) => update.receiptUrl !== undefined);
      const approvedAt = Date.now();
      await api.act(created.id, 'approve');
      const firstPaid = (await paid).at(-1);
      assert.deepEqual([firstPaid?.status, firstPaid?.receiptUrl], ['paid', undefined], 'paid before its invoice exists');
      const before = await statusOf(server, created.token);
      assert.deepEqual([before.code, before.update?.status, before.update?.receiptUrl], [200, 'paid', undefined]);

      // The stream stayed open past `paid`, for the receipt.
      const updates = await receipted;
      assert.ok(Date.now() - approvedAt < 10_000, 'brought by invoice.created, not by a poll a minute later');
      assert.deepEqual(
        updates.map((update) => [update.status, Boolean(update.receiptUrl)]),
        [
          ['pending', false],
          ['paid', false],
          ['paid', true],
        ],
      );
      assert.match(updates.at(-1)!.receiptUrl!, /\/sandbox\/mom-factura\/invoices\/[0-9a-f]{24}\.pdf$/);
      const after = await statusOf(server, created.token, before.etag);
      assert.deepEqual([after.code, after.update?.receiptUrl], [200, updates.at(-1)!.receiptUrl], 'the old ETag no longer matches');

      const view = await api.view(created.id);
      assert.equal(view.receiptUrl, updates.at(-1)!.receiptUrl);
      assert.deepEqual(
        view.events.map((e) => [e.source, e.status]),
        [
          ['create', 'pending'],
          ['callback', 'paid'],
        ],
      );
      const payment = (await (await api.control(`/payments/${view.providerReference}`, undefined, 'GET')).json()) as { webhooks: { attempts: { event?: string; status?: number }[] } };
      assert.deepEqual(
        payment.webhooks.attempts.map((a) => [a.event, a.status]),
        [
          ['payment.confirmed', 200],
          ['invoice.created', 200],
        ],
      );
    } finally {
      await api.control('/faults', undefined, 'DELETE');
    }
  });
});

describe('mom-factura: a late receipt whose webhook is lost is asked for again', () => {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: 200 });
    api = client(server);
  });
  after(() => server.close());

  test("webhooks dropped, invoice made later: paid by a poll, then the receipt by the reconciler's receipt polls", async () => {
    await api.control('/faults', { callbacks: 'drop', invoiceDelayMs: 500 }, 'PUT');
    const created = await api.checkout('ekwanza');
    const receipted = readStatusEvents(server, created.token, (update) => update.receiptUrl !== undefined);
    await api.act(created.id, 'approve');
    const updates = await receipted;
    assert.deepEqual(updates.map((update) => [update.status, Boolean(update.receiptUrl)]).slice(-2), [
      ['paid', false],
      ['paid', true],
    ]);
    const view = await api.view(created.id);
    assert.deepEqual(
      view.events.map((e) => [e.source, e.status]),
      [
        ['create', 'pending'],
        ['poll', 'paid'],
      ],
    );
  });
});

describe('mom-factura: rate limits are not refusals', () => {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startTestServer();
    api = client(server);
  });
  after(() => server.close());
  const limits = (body: unknown) => api.control('/limits', body, 'PUT');

  test('create under PAYMENT_RATE_LIMIT_EXCEEDED: 502 PROVIDER_UNAVAILABLE, and the same Idempotency-Key works once the limit lifts', async () => {
    const idempotencyKey = crypto.randomUUID();
    const body = { provider: 'mom-factura', method: 'reference', amount: '2500.00', currency: 'AOA', reference: 'MF-LIMIT' };
    assert.equal((await limits({ paymentsPerMinute: 0 })).status, 200);
    try {
      const limited = await server.merchant('/v1/checkouts', { idempotencyKey, body });
      assert.equal(limited.status, 502);
      const { error } = (await limited.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'PROVIDER_UNAVAILABLE');
      assert.match(error.message, /PAYMENT_RATE_LIMIT_EXCEEDED/);
    } finally {
      await limits({});
    }
    const retried = await server.merchant('/v1/checkouts', { idempotencyKey, body });
    assert.equal(retried.status, 201, await retried.clone().text());
    assert.equal(retried.headers.get('idempotent-replayed'), null);
  });

  test('a push under the rate limit is not sent: 502, and the payer may send it again', async () => {
    const created = await api.checkout('mcx', { payer: undefined });
    await limits({ paymentsPerMinute: 0 });
    try {
      const limited = await api.pay(created.token, '244923000000');
      assert.equal(limited.status, 502);
      assert.match(((await limited.json()) as { error: { message: string } }).error.message, /sent nothing/);
    } finally {
      await limits({});
    }
    const paying = api.pay(created.token, '244923000000');
    assert.equal((await api.act(created.id, 'approve')).status, 202);
    assert.equal(((await (await paying).json()) as StatusUpdate).status, 'paid');
  });
});

describe('mom-factura: a reference is polled no more often than Mom Factura allows', () => {
  /** Mom Factura's minimum between two status queries of a reference (the adapter's default). */
  const REFERENCE_POLL_MS = 30_000;
  let server: TestServer;
  let clock: ManualClock;
  let api: ReturnType<typeof client>;
  before(async () => {
    ({ server, clock } = await drivenServer());
    api = client(server);
  });
  after(() => server.close());

  test('polls of a pending reference are 30 s apart, though the reconciler would ask every 200 ms', async () => {
    const created = await api.checkout('reference');
    // A pass's count is the checkouts it asked the provider about; this is the only one.
    clock.advance(FIRST_POLL_DELAY_MS);
    assert.equal(await server.reconciler.runOnce(), 1, 'the first poll, once due');
    clock.advance(MAX_POLL_DELAY_MS);
    assert.equal(await server.reconciler.runOnce(), 0, "not again when the reconciler's back-off alone would ask");
    clock.advance(REFERENCE_POLL_MS - MAX_POLL_DELAY_MS - 1);
    assert.equal(await server.reconciler.runOnce(), 0, 'nor a millisecond before 30 s');
    clock.advance(1);
    assert.equal(await server.reconciler.runOnce(), 1, 'asked again 30 s after the first poll');
    assert.equal((await api.view(created.id)).status, 'pending');
  });
});

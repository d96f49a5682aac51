/**
 * A Mom Factura bank reference is payable until its due date is over (end of that day in Luanda,
 * UTC+1): that is the checkout's expiry and its token's `exp`, whatever the merchant asked; and a
 * reference Mom Factura still calls pending past it is expired.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Session } from '../../contract';
import { createMomFacturaAdapter } from '../../server-example/providers/mom-factura/adapter';
import { endOfDueDate } from '../../server-example/providers/mom-factura/due-date';
import { createMomFacturaSandbox } from '../../server-example/sandboxes/mom-factura';
import type { CheckoutRecord } from '../../server-example/store/types';
import { startTestServer, type TestServer } from './helpers';

const KEY = 'mf_sandbox_key';
/** The day in Luanda after `dueDate` starts at 00:00 WAT, 23:00 UTC on `dueDate`. */
const luandaDayEnd = (dueDate: string) => {
  const [year, month, day] = dueDate.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day + 1) - 3_600_000;
};

function referenceCheckout(overrides: Partial<CheckoutRecord> = {}): CheckoutRecord {
  const now = new Date().toISOString();
  return {
    id: `co_${randomUUID().replaceAll('-', '')}`,
    provider: 'mom-factura',
    method: 'reference',
    amount: '2500.00',
    currency: 'AOA',
    reference: 'ORD-1',
    status: 'pending',
    instructions: [],
    expiresAt: now,
    createdAt: now,
    updatedAt: now,
    version: 0,
    pollAttempts: 0,
    ...overrides,
  };
}

test('endOfDueDate: the end of that day in Luanda; nothing for what is not a date', () => {
  assert.equal(endOfDueDate('2026-03-14')?.toISOString(), '2026-03-14T23:00:00.000Z');
  assert.equal(endOfDueDate('2026-12-31')?.toISOString(), '2026-12-31T23:00:00.000Z');
  assert.equal(endOfDueDate('2026-02-31'), undefined);
  assert.equal(endOfDueDate('soon'), undefined);
  assert.equal(endOfDueDate(undefined), undefined);
});

describe('the adapter', () => {
  let server: ServerType;
  let sandboxUrl: string;
  // 00:30 on 11 March in Luanda, still 10 March in UTC: the due date is 3 Luanda days later.
  const clock = { now: Date.parse('2026-03-10T23:30:00Z') };
  before(async () => {
    const app = new Hono().route('/sandbox/mom-factura', createMomFacturaSandbox({ now: () => clock.now }));
    server = await new Promise((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    sandboxUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/mom-factura`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('create: the payment is payable until the end of its due date in Luanda', async () => {
    const adapter = createMomFacturaAdapter({ baseUrl: sandboxUrl, apiKey: KEY, qa: true, sandbox: true });
    const created = await adapter.create({ checkout: referenceCheckout(), referenceId: randomUUID(), callbackUrl: 'http://127.0.0.1:9/hooks' });
    const [slip] = created.instructions;
    assert.ok(slip?.kind === 'bank-reference');
    assert.equal(slip.dueDate, '2026-03-14');
    assert.equal(created.expiresAt?.toISOString(), '2026-03-14T23:00:00.000Z');
  });

  test('a reference Mom Factura still calls pending a minute past its due date lapses: expired', async (t) => {
    // Mom Factura that never moves a payment on from pending.
    const stuck: typeof fetch = async () => Response.json({ success: true, payment: { status: 'pending', message: 'Aguardando pagamento' } });
    const adapter = createMomFacturaAdapter({ baseUrl: 'https://mom-factura.invalid', apiKey: KEY, qa: false, sandbox: false, fetch: stuck });
    const checkout = referenceCheckout({
      providerReference: 'op-1',
      instructions: [{ kind: 'bank-reference', entity: '11604', reference: '123456789', amount: '2500.00', dueDate: '2026-03-14' }],
    });
    const statusAt = async (iso: string) => {
      t.mock.timers.enable({ apis: ['Date'], now: Date.parse(iso) });
      try {
        const status = await adapter.fetchStatus(checkout);
        return [status?.status, status?.reason, status?.raw];
      } finally {
        t.mock.timers.reset();
      }
    };
    assert.deepEqual(await statusAt('2026-03-14T22:59:00Z'), ['pending', undefined, 'pending']);
    assert.deepEqual(await statusAt('2026-03-14T23:00:30Z'), ['pending', undefined, 'pending'], 'a little grace for a late word');
    // Still 14 March in UTC, but the 15th in Luanda.
    assert.deepEqual(await statusAt('2026-03-14T23:30:00Z'), ['expired', 'expired', 'lapsed']);
  });
});

describe('through the backend', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  async function create(method: string, expiresInSeconds: number) {
    const response = await server.merchant('/v1/checkouts', {
      idempotencyKey: randomUUID(),
      body: { provider: 'mom-factura', method, amount: '2500.00', currency: 'AOA', reference: `MF-${randomUUID().slice(0, 8)}`, expiresInSeconds },
    });
    assert.equal(response.status, 201);
    return (await response.json()) as { id: string; token: string; expiresAt: string };
  }

  test('a reference checkout expires with its due date, not when the merchant asked; its token too', async () => {
    const created = await create('reference', 120);
    const session = (await (await server.element('/v1/session', created.token)).json()) as Session;
    const [slip] = session.instructions;
    assert.ok(slip?.kind === 'bank-reference');
    const dueDateEnd = luandaDayEnd(slip.dueDate);
    assert.ok(dueDateEnd > Date.now() + 2 * 86_400_000, 'days away, not 2 minutes');
    assert.equal(Date.parse(created.expiresAt), dueDateEnd);
    assert.equal(Date.parse(session.expiresAt), dueDateEnd);
    const claims = JSON.parse(Buffer.from(created.token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    assert.equal(claims.exp * 1_000, dueDateEnd);
  });

  test('a method whose payment has no fixed end keeps the expiry the merchant asked for', async () => {
    const before = Date.now();
    const created = await create('mcx', 120);
    const expiresAt = Date.parse(created.expiresAt);
    assert.ok(expiresAt >= before + 120_000 && expiresAt <= Date.now() + 120_000);
  });
});

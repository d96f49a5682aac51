/**
 * The adapters and their status-call limits: only status calls (a poll, a callback confirmed) take
 * a slot, with the priority they are given, under a key that names what the provider counts by.
 * Creates and pushes never wait for one, whatever backlog of polls holds every slot.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createMomFacturaAdapter } from '../../server-example/providers/mom-factura/adapter';
import { statusLimitKey } from '../../server-example/providers/mtn-momo/adapter';
import type { CallPriority, CallSlots } from '../../server-example/rate-limiter';
import { createMomFacturaSandbox } from '../../server-example/sandboxes/mom-factura';
import { createMtnMomoSandbox } from '../../server-example/sandboxes/mtn-momo';
import type { CheckoutRecord } from '../../server-example/store/types';
import { testMtnAdapter } from './helpers';

const SUBSCRIPTION_KEY = 'momo-sandbox-subscription-key';
const MOM_FACTURA_KEY = 'mf_sandbox_key';

let server: ServerType;
let base: string;

before(async () => {
  const app = new Hono().route('/sandbox/mtn-momo', createMtnMomoSandbox()).route('/sandbox/mom-factura', createMomFacturaSandbox());
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Asked {
  key: string;
  calls: number;
  perMs: number;
  priority: CallPriority;
  release(): void;
}

/** Call slots that hold every call asked of them until the test releases it: a limit used up by polls. */
function heldSlots() {
  const asked: Asked[] = [];
  let listeners: Array<() => void> = [];
  const slots: CallSlots =
    (key, calls, perMs) =>
    (priority = 'routine') =>
      new Promise<void>((release) => {
        asked.push({ key, calls, perMs, priority, release });
        for (const listener of listeners.splice(0)) listener();
      });
  return {
    slots,
    asked,
    /** Resolves once `count` calls have asked for a slot, in all. */
    async askedFor(count: number) {
      while (asked.length < count) await new Promise<void>((resolve) => listeners.push(resolve));
    },
    releaseAll() {
      for (const call of asked) call.release();
    },
    close() {
      listeners = [];
    },
  };
}

function checkout(overrides: Partial<CheckoutRecord>): CheckoutRecord {
  const now = new Date();
  return {
    id: `co_${randomUUID()}`,
    provider: 'mtn-momo',
    method: 'invoice',
    amount: '5000',
    currency: 'UGX',
    reference: `INV-${randomUUID().slice(0, 6)}`,
    status: 'pending',
    instructions: [],
    expiresAt: new Date(now.getTime() + 600_000).toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 0,
    pollAttempts: 0,
    ...overrides,
  };
}

/** What finishes first: the call, or its asking for one more slot than the backlog holds. */
function beforeAnySlot<T>(held: ReturnType<typeof heldSlots>, backlog: number, call: Promise<T>): Promise<T | 'waited for a status slot'> {
  return Promise.race([call, held.askedFor(backlog + 1).then(() => 'waited for a status slot' as const)]);
}

test('MTN: with every status slot held by routine polls, an invoice is created and a push sent at once', async () => {
  const held = heldSlots();
  const mtn = testMtnAdapter(`${base}/sandbox/mtn-momo`, { callSlots: held.slots });
  const callbackUrl = 'http://localhost:8080/v1/callbacks/mtn-momo';
  try {
    const referenceId = randomUUID();
    const first = await beforeAnySlot(held, 0, mtn.create({ checkout: checkout({}), referenceId, callbackUrl }));
    assert.notEqual(first, 'waited for a status slot');
    const invoice = checkout({ providerReference: referenceId });

    // The reconciler's backlog: 20 polls, each holding its slot.
    const polls = Array.from({ length: 20 }, () => mtn.fetchStatus(invoice));
    await held.askedFor(20);
    assert.ok(held.asked.every((call) => call.priority === 'routine'));

    // The paymentReference is read as part of the create: the create does not wait behind the polls.
    const created = await beforeAnySlot(held, 20, mtn.create({ checkout: checkout({}), referenceId: randomUUID(), callbackUrl }));
    assert.notEqual(created, 'waited for a status slot');
    assert.ok(typeof created !== 'string' && created.instructions.some((instruction) => instruction.kind === 'ussd'));

    // Nor does a push: its send and the look at its first status are the pay call's own.
    const push = checkout({ method: 'request-to-pay' });
    await mtn.create({ checkout: push, referenceId: randomUUID(), callbackUrl });
    const pushed = await beforeAnySlot(held, 20, mtn.pay!({ checkout: push, referenceId: randomUUID(), callbackUrl, phone: '256772123456' }));
    assert.notEqual(pushed, 'waited for a status slot');
    assert.equal(held.asked.length, 20);

    // A callback's confirmation is a status call, with the payer's priority, under MTN's limit per API user.
    const confirmation = mtn.fetchStatus(invoice, 'payer');
    await held.askedFor(21);
    const asked = held.asked[20]!;
    assert.deepEqual([asked.priority, asked.key, asked.calls, asked.perMs], ['payer', statusLimitKey({ subscriptionKey: SUBSCRIPTION_KEY }), 10, 1_000]);
    held.releaseAll();
    assert.equal((await confirmation)?.status, 'pending');
    assert.equal((await Promise.all(polls)).length, 20);
  } finally {
    held.releaseAll();
    held.close();
  }
});

test('MTN: the limit is keyed by API user; a provisioned one shares its subscription key’s, which the key does not show', () => {
  assert.equal(statusLimitKey({ apiUser: 'api-user-1', subscriptionKey: SUBSCRIPTION_KEY }), 'mtn-momo:status:api-user-1');
  assert.notEqual(statusLimitKey({ apiUser: 'api-user-2', subscriptionKey: SUBSCRIPTION_KEY }), statusLimitKey({ apiUser: 'api-user-1', subscriptionKey: SUBSCRIPTION_KEY }));
  const provisioned = statusLimitKey({ subscriptionKey: SUBSCRIPTION_KEY });
  assert.equal(provisioned, statusLimitKey({ subscriptionKey: SUBSCRIPTION_KEY }));
  assert.ok(!provisioned.includes(SUBSCRIPTION_KEY));
});

test('Mom Factura: a bank reference is created at once with every slot held; its status calls take one, 80 a minute per API key', async () => {
  const held = heldSlots();
  const momFactura = createMomFacturaAdapter({ baseUrl: `${base}/sandbox/mom-factura`, apiKey: MOM_FACTURA_KEY, qa: true, sandbox: true, callSlots: held.slots });
  const reference = checkout({ provider: 'mom-factura', method: 'reference', currency: 'AOA', amount: '2500' });
  try {
    const created = await beforeAnySlot(held, 0, momFactura.create({ checkout: reference, referenceId: randomUUID(), callbackUrl: `${base}/hooks` }));
    assert.ok(typeof created !== 'string' && created.providerReference, 'created without a status slot');
    const polled = momFactura.fetchStatus({ ...reference, providerReference: created.providerReference, instructions: created.instructions });
    const confirmed = momFactura.fetchStatus({ ...reference, providerReference: created.providerReference, instructions: created.instructions }, 'payer');
    await held.askedFor(2);
    assert.deepEqual(
      held.asked.map((call) => [call.priority, call.calls, call.perMs]),
      [
        ['routine', 80, 60_000],
        ['payer', 80, 60_000],
      ],
    );
    assert.ok(held.asked.every((call) => call.key.startsWith('mom-factura:status:') && !call.key.includes(MOM_FACTURA_KEY)));
    held.releaseAll();
    assert.equal((await polled)?.status, 'pending');
    assert.equal((await confirmed)?.status, 'pending');
  } finally {
    held.releaseAll();
    held.close();
  }
});

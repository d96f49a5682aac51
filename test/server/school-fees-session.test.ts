/**
 * School fees: `/v1/session` carries what the merchant said the payment is for (reference, items,
 * the payer's name) and when the checkout was made (the slip's issue date), and nothing else of the
 * payer's; the merchant's `reference` may be written in any language, within a rule a 400 spells out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Session } from '../../contract';
import { manualClock } from './clock';
import { invoiceBody, startTestServer, type TestServer } from './helpers';

describe('the session of a school-fees checkout', () => {
  // Still, so that the issue date is known; it starts now, as MTN's sandbox counts an invoice's validity in real time.
  const clock = manualClock();
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, {}, {}, { clock, reconcile: false });
  });
  after(() => server.close());

  async function create(overrides: Record<string, unknown>, idempotencyKey = crypto.randomUUID()) {
    const response = await server.merchant('/v1/checkouts', { body: invoiceBody(overrides), idempotencyKey });
    return { response, body: (await response.json()) as { id: string; token: string; reference: string; error?: { code: string; message: string } } };
  }

  test('carries the reference, the items without their tax rates, the payer’s name and the issue date; not the payer’s phone or email', async () => {
    const { response, body } = await create({
      reference: 'Ana Silva P5',
      amount: '150000',
      items: [
        { name: 'Tuition, term 1', quantity: 1, unitAmount: '100000', taxRate: 0 },
        { name: 'Uniform', quantity: 2, unitAmount: '25000' },
      ],
      payer: { name: 'Maria Silva', phone: '256772123456', email: 'maria.silva@example.com', taxId: '123456789' },
    });
    assert.equal(response.status, 201, JSON.stringify(body));
    const session = (await (await server.element('/v1/session', body.token)).json()) as Session;
    assert.equal(session.reference, 'Ana Silva P5');
    assert.deepEqual(session.items, [
      { name: 'Tuition, term 1', quantity: 1, unitAmount: '100000' },
      { name: 'Uniform', quantity: 2, unitAmount: '25000' },
    ]);
    assert.equal(session.payerName, 'Maria Silva');
    assert.equal(session.createdAt, new Date(clock.now()).toISOString());
    const merchantView = (await (await server.merchant(`/v1/checkouts/${body.id}`)).json()) as { createdAt: string; providerReference: string };
    assert.equal(session.createdAt, merchantView.createdAt);
    const text = JSON.stringify(session);
    for (const secret of ['maria.silva@example.com', '123456789', merchantView.providerReference]) assert.ok(!text.includes(secret), `the session shows ${secret}`);
    assert.equal(session.payment, undefined, 'no proof before it is paid');
  });

  test('a checkout without items or payer has neither in its session', async () => {
    const { body } = await create({ reference: 'INV-2026-001' });
    const session = (await (await server.element('/v1/session', body.token)).json()) as Session;
    assert.deepEqual([session.reference, session.items, session.payerName], ['INV-2026-001', undefined, undefined]);
  });

  test('references with spaces and letters of every language are taken, and stored in one form (NFC, single spaces, trimmed)', async () => {
    for (const [given, stored] of [
      ['Ana Silva P5', 'Ana Silva P5'],
      ['Élève 12/B', 'Élève 12/B'],
      ['Nguyễn Văn A', 'Nguyễn Văn A'],
      ['Nguyễn Văn A'.normalize('NFD'), 'Nguyễn Văn A'],
      ['  Ana   Silva\u00a0P5 ', 'Ana Silva P5'],
      ['Turma 3ª (manhã), nº 12 - d’Almeida', 'Turma 3ª (manhã), nº 12 - d’Almeida'],
      ['Ученик 7#А: 2026', 'Ученик 7#А: 2026'],
      ['学生 12', '学生 12'],
      ['é'.repeat(64).normalize('NFD'), 'é'.repeat(64)],
    ]) {
      const { response, body } = await create({ reference: given });
      assert.equal(response.status, 201, `${given}: ${JSON.stringify(body)}`);
      assert.equal(body.reference, stored);
      const session = (await (await server.element('/v1/session', body.token)).json()) as Session;
      assert.equal(session.reference, stored);
    }
  });

  test('anything else is a 400 that names what is wrong', async () => {
    for (const [given, message] of [
      ['', /^reference: must not be empty$/],
      ['   ', /^reference: must not be empty$/],
      ['x'.repeat(65), /^reference: at most 64 characters \(this one has 65\)$/],
      ['Ana\u0007Silva', /^reference: U\+0007 is not allowed: letters and digits of any language, spaces and \. - _ \/ # : , ' \( \) only$/],
      ['Ana\nSilva', /^reference: U\+000A is not allowed/],
      ['Ana\u202eSilva', /^reference: U\+202E is not allowed/],
      ['<b>Ana</b>', /^reference: "<" is not allowed/],
      ['Ana & Rui', /^reference: "&" is not allowed/],
      ['Ana 🎓', /^reference: "🎓" is not allowed/],
    ]) {
      const { response, body } = await create({ reference: given });
      assert.equal(response.status, 400, JSON.stringify(given));
      assert.equal(body.error?.code, 'VALIDATION_FAILED');
      assert.match(body.error?.message ?? '', message as RegExp, JSON.stringify(given));
    }
  });

  test('a retried create with a unicode reference replays; the operations list finds it by that reference', async () => {
    const key = crypto.randomUUID();
    const reference = `Élève ${Math.random().toString(36).slice(2, 8)}`;
    const first = await create({ reference }, key);
    const again = await create({ reference }, key);
    assert.equal(first.response.status, 201);
    assert.equal(again.response.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.id, first.body.id);
    const list = (await (await server.merchant(`/v1/checkouts?reference=${encodeURIComponent(reference)}`)).json()) as { data: { id: string }[] };
    assert.deepEqual(
      list.data.map((checkout) => checkout.id),
      [first.body.id],
    );
  });
});

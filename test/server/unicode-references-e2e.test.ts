/**
 * A reference written in any language, end to end with each provider's sandbox over real HTTP:
 * what the provider's documents allow in the fields that carry it (MTN externalId and notes, MoMo
 * referenceId and orderInfo, Dollr reference_id and note: free strings; MoMo's orderId, which has
 * a charset, is the checkout id), it receives as the merchant wrote it (NFC), signed where the
 * provider signs (MoMo's HMAC over UTF-8), and the payment goes through. Mom Factura takes no
 * reference: its session still shows it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isFinalStatus, type Session } from '../../contract';
import { readStatusEvents, startTestServer, type TestServer } from './helpers';

const REFERENCES = ['Ana Silva P5', 'Élève 12/B', 'Nguyễn Văn A'] as const;

describe('unicode references, per provider', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: 200 });
  });
  after(() => server.close());

  async function create(body: Record<string, unknown>) {
    const response = await server.merchant('/v1/checkouts', { body, idempotencyKey: crypto.randomUUID() });
    const created = (await response.json()) as { id: string; token: string; reference: string };
    assert.equal(response.status, 201, JSON.stringify(created));
    const session = (await (await server.element('/v1/session', created.token)).json()) as Session;
    assert.equal(session.reference, body.reference);
    return created;
  }
  const providerReference = async (id: string) => ((await (await server.merchant(`/v1/checkouts/${id}`)).json()) as { providerReference: string }).providerReference;
  const control = async <T>(path: string) => (await (await server.sandbox(path, undefined, 'GET')).json()) as T;
  const pay = (token: string, phone: string) =>
    fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone }),
    });
  /** The payer approves at the sandbox; the checkout must end paid. */
  async function paid(id: string, token: string) {
    const events = readStatusEvents(server, token, (update) => isFinalStatus(update.status));
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    assert.equal((await events).at(-1)?.status, 'paid');
  }

  for (const reference of REFERENCES) {
    describe(reference, () => {
      test('MTN invoice: externalId and description as written', async () => {
        const { id, token } = await create({ provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference });
        const invoice = await control<{ externalId: string; description: string }>(`/mtn-momo/control/invoices/${await providerReference(id)}`);
        assert.deepEqual([invoice.externalId, invoice.description], [reference, reference]);
        await paid(id, token);
      });

      test('MTN request-to-pay and payment: externalId / externalTransactionId and the notes as written', async () => {
        for (const [method, path, idField, notes] of [
          ['request-to-pay', 'requesttopay', 'externalId', ['payerMessage', 'payeeNote']],
          ['payment', 'payments', 'externalTransactionId', ['receiverMessage', 'senderNote']],
        ] as const) {
          const { id, token } = await create({ provider: 'mtn-momo', method, amount: '150000', currency: 'UGX', reference });
          assert.equal((await pay(token, '256772123456')).status, 202);
          const record = await control<{ request: Record<string, unknown> }>(`/mtn-momo/control/${path}/${await providerReference(id)}`);
          assert.deepEqual([record.request[idField], ...notes.map((note) => record.request[note])], [reference, reference, reference], method);
          await paid(id, token);
        }
      });

      test('MoMo Vietnam: referenceId and orderInfo as written, signed over UTF-8; the orderId is the checkout id', async () => {
        const { id, token } = await create({ provider: 'momo-vn', method: 'wallet', amount: '50000', currency: 'VND', reference });
        const order = await control<{ orderId: string; referenceId: string; orderInfo: string }>(`/momo-vn/control/orders/${id}`);
        assert.deepEqual([order.orderId, order.referenceId, order.orderInfo], [id, reference, `Payment ${reference}`]);
        await paid(id, token);
      });

      test('Dollr: the invoice’s reference_id and note as written', async () => {
        const { id, token } = await create({ provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD', reference });
        assert.equal((await pay(token, '231881234567')).status, 202);
        const execution = await control<{ invoice: { reference_id: string; note: string } }>(`/dollr/control/collections/${(await providerReference(id)).split(':')[0]}`);
        assert.deepEqual([execution.invoice.reference_id, execution.invoice.note], [reference, reference]);
        await paid(id, token);
      });

      test('Mom Factura: sends no reference; the session shows it, and the payment goes through', async () => {
        const { id, token } = await create({ provider: 'mom-factura', method: 'reference', amount: '2500.00', currency: 'AOA', reference });
        await paid(id, token);
      });
    });
  }
});

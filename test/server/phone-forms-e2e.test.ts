/**
 * Numbers as people write them, through the whole backend over real HTTP (startTestServer):
 * a payer who types a national form pays, the provider's sandbox gets the international
 * digits, and a merchant's `payer.phone` in a national form is stored as such and prefilled.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PushInstruction, Session } from '../../contract';
import { createCheckout, readStatusEvents, startTestServer, type TestServer } from './helpers';

describe('phone numbers in national form, end to end', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ firstPollDelayMs: 100, maxPollDelayMs: 200 });
  });
  after(() => server.close());

  const pay = (token: string, phone: string) =>
    fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone }),
    });
  const session = async (token: string) => (await (await server.element('/v1/session', token)).json()) as Session;
  const merchantView = async (id: string) => (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as { status: string; providerReference?: string };
  const create = (body: Record<string, unknown>) =>
    server.merchant('/v1/checkouts', { body: { amount: '25000', currency: 'UGX', reference: `INV-${crypto.randomUUID().slice(0, 8)}`, ...body }, idempotencyKey: crypto.randomUUID() });

  test('MTN (mtnuganda): payer.phone "0782 123 456" is prefilled as digits; the payer types "0772 123 456" instead, MTN gets 256772123456, and it is paid', async () => {
    const { id, token } = await createCheckout(server, { method: 'request-to-pay', amount: '25000', payer: { phone: '0782 123 456' } });
    const before = await session(token);
    assert.equal(before.country, 'UG');
    const push = before.instructions[0] as PushInstruction;
    assert.equal(push.prefill, '256782123456');

    const paying = await pay(token, '0772 123 456');
    assert.equal(paying.status, 202, await paying.clone().text());
    const reference = (await merchantView(id)).providerReference;
    const atMtn = (await (await server.sandbox(`/mtn-momo/control/requesttopay/${reference}`, undefined, 'GET')).json()) as { payerMsisdn: string };
    assert.equal(atMtn.payerMsisdn, '256772123456');

    const events = readStatusEvents(server, token, (update) => update.status === 'paid');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    assert.equal((await events).at(-1)?.status, 'paid');
  });

  test('Mom Factura (Multicaixa Express): "900 000 000", an Angolan number without trunk prefix, reaches Mom Factura as 244900000000 and pays', async () => {
    const { token } = await createCheckout(server, { provider: 'mom-factura', method: 'mcx', amount: '1500', currency: 'AOA' });
    assert.equal((await session(token)).country, 'AO');
    const paying = await pay(token, '900 000 000'); // Mom Factura's QA phone that succeeds at once
    assert.equal(paying.status, 202, await paying.clone().text());
    // This server's only Multicaixa Express payment (MCX takes no id of ours).
    const { payments } = (await (await server.sandbox('/mom-factura/control/payments', undefined, 'GET')).json()) as { payments: { phoneNumber?: string }[] };
    assert.deepEqual(
      payments.map((payment) => payment.phoneNumber),
      ['244900000000'],
    );
    const events = readStatusEvents(server, token, (update) => update.status === 'paid');
    assert.equal((await events).at(-1)?.status, 'paid');
  });

  test('Dollr (RWF): "0781 234 567" reaches Dollr as 250781234567', async () => {
    const { id, token } = await createCheckout(server, { provider: 'dollr', method: 'collection', amount: '5000', currency: 'RWF' });
    assert.equal((await session(token)).country, 'RW');
    const paying = await pay(token, '0781 234 567');
    assert.equal(paying.status, 202, await paying.clone().text());
    const [referenceId] = (await merchantView(id)).providerReference!.split(':');
    const execution = (await (await server.sandbox(`/dollr/control/collections/${referenceId}`, undefined, 'GET')).json()) as { phone: string };
    assert.equal(execution.phone, '250781234567');
  });

  test('a payer.phone that is no number is refused at create, and one E-kwanza cannot send its code to names the forms it takes', async () => {
    const garbled = await create({ provider: 'mtn-momo', method: 'invoice', payer: { phone: '12 34' } });
    assert.equal(garbled.status, 422);
    assert.deepEqual(((await garbled.json()) as { error: { code: string; message: string } }).error, {
      code: 'INVALID_PAYER_PHONE',
      message: 'payer.phone is not a phone number. Enter a mobile money number in Uganda, as 0712 345 678 or +256 712 345 678.',
    });

    const letters = await create({ provider: 'mtn-momo', method: 'invoice', payer: { phone: 'call me' } });
    assert.equal(letters.status, 400);

    const ugandan = await create({ provider: 'mom-factura', method: 'ekwanza', amount: '1500', currency: 'AOA', payer: { phone: '+256 772 123 456' } });
    assert.equal(ugandan.status, 422);
    const { error } = (await ugandan.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'PAYER_PHONE_REQUIRED');
    assert.match(error.message, /Enter a mobile money number in Angola, as 923 000 000 or \+244 923 000 000\.$/);

    const angolan = await create({ provider: 'mom-factura', method: 'ekwanza', amount: '1500', currency: 'AOA', payer: { phone: '923 000 000' } });
    assert.equal(angolan.status, 201, await angolan.clone().text());
  });
});

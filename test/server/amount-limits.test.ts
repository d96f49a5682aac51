/**
 * Amounts stay exact end to end and within what each method takes: decimals compared without
 * floats, a method's range enforced at create before any provider call, and an amount at the top
 * of a range reaching the provider's sandbox digit for digit (JSON number or string alike).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compareDecimal, DOUBLE_EXACT_AMOUNTS, isWithin } from '../../server-example/money';
import { JsonNumber, stringifyJson } from '../../server-example/providers/http';
import { providersFromEnv } from './provider-context';
import { createCheckout, startTestServer, type TestServer } from './helpers';

describe('exact decimal comparison', () => {
  test('compares by digits, where floats would call different amounts equal', () => {
    assert.equal(Number('999999999999999.99'), Number('1000000000000000'), 'what a float makes of it');
    assert.equal(compareDecimal('999999999999999.99', '1000000000000000'), -1);
    assert.equal(compareDecimal('9007199254740993', '9007199254740992'), 1);
    assert.equal(compareDecimal('999999999999999.99', DOUBLE_EXACT_AMOUNTS.max), 1);
    assert.equal(compareDecimal('10.0', '10'), 0);
    assert.equal(compareDecimal('0.10', '0.1'), 0);
    assert.equal(compareDecimal('0.009', '0.01'), -1);
    assert.equal(compareDecimal('12.5', '12.49'), 1);
    assert.equal(compareDecimal('000123', '123'), 0);
  });

  test('a range includes both ends', () => {
    const range = { min: '1000', max: '50000000' };
    assert.equal(isWithin('1000', range), true);
    assert.equal(isWithin('50000000', range), true);
    assert.equal(isWithin('999', range), false);
    assert.equal(isWithin('50000000.01', range), false);
    assert.equal(isWithin('9999999999999.99', DOUBLE_EXACT_AMOUNTS), true);
    assert.equal(isWithin('10000000000000', DOUBLE_EXACT_AMOUNTS), false);
  });

  test('a JSON number is written digit for digit, and only a JsonNumber becomes one', () => {
    const text = stringifyJson({ amount: new JsonNumber('12345678901234567890.123456789'), items: [{ price: new JsonNumber('0.10') }], note: 'json-number-x:1' });
    assert.equal(text, '{"amount":12345678901234567890.123456789,"items":[{"price":0.10}],"note":"json-number-x:1"}');
    assert.throws(() => new JsonNumber('1e3'), TypeError);
  });
});

test('every method of every provider declares its amounts as decimal strings', () => {
  const { adapters } = providersFromEnv({});
  for (const adapter of adapters.values()) {
    for (const [name, method] of Object.entries(adapter.methods)) {
      const { min, max } = method.amount;
      assert.ok(compareDecimal(min, '0') === 1 && compareDecimal(min, max) === -1, `${adapter.id} ${name}: ${min}–${max}`);
    }
  }
});

describe('over HTTP', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const dollrState = async () => (await (await server.sandbox('/dollr/control/state', undefined, 'GET')).json()) as { tokensIssued: number; invoices: unknown[]; parties: unknown[] };

  test('999999999999999.99 USD at Dollr is refused 422 AMOUNT_OUT_OF_RANGE before any call to Dollr', async () => {
    const before = await dollrState();
    const response = await server.merchant('/v1/checkouts', {
      body: { provider: 'dollr', method: 'collection', amount: '999999999999999.99', currency: 'USD', reference: 'BIG-1' },
      idempotencyKey: crypto.randomUUID(),
    });
    assert.equal(response.status, 422);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'AMOUNT_OUT_OF_RANGE');
    assert.match(error.message, /9999999999999\.99/);
    assert.deepEqual(await dollrState(), before, 'Dollr was not called');
  });

  test('the largest amount Dollr takes reaches its invoice digit for digit', async () => {
    const amount = DOUBLE_EXACT_AMOUNTS.max;
    const { id, token } = await createCheckout(server, { provider: 'dollr', method: 'collection', amount, currency: 'USD', description: 'Big' });
    const paid = await fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: '231881234567' }),
    });
    assert.equal(paid.status, 202, await paid.clone().text());
    const state = await (await server.sandbox('/dollr/control/state', undefined, 'GET')).text();
    const view = (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as { amount: string };
    assert.equal(view.amount, amount);
    assert.match(state, new RegExp(`"items":\\[\\{[^\\]]*"amount":${amount.replace('.', '\\.')}[,}]`), 'the item, digit for digit');
    assert.match(state, new RegExp(`"total_amount":${amount.replace('.', '\\.')}[,}]`));
  });

  test('MTN Uganda takes 500–5,000,000 UGX a payment: the largest arrives unchanged, one more is refused 422 with the range', async () => {
    const amount = '5000000';
    const { id } = await createCheckout(server, { amount });
    const { providerReference } = (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as { providerReference: string };
    const invoice = (await (await server.sandbox(`/mtn-momo/control/invoices/${providerReference}`, undefined, 'GET')).json()) as { amount: string };
    assert.equal(invoice.amount, amount);
    for (const [method, refused] of [
      ['invoice', '5000001'],
      ['request-to-pay', '99999999999999'],
      ['payment', '499'],
    ]) {
      const response = await server.merchant('/v1/checkouts', {
        body: { provider: 'mtn-momo', method, amount: refused, currency: 'UGX', reference: `BIG-${method}` },
        idempotencyKey: crypto.randomUUID(),
      });
      assert.equal(response.status, 422, method);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'AMOUNT_OUT_OF_RANGE');
      assert.equal(error.message, `mtn-momo ${method} takes amounts from 500 to 5000000 UGX, not ${refused}.`);
    }
  });

  test("the demo merchant is told each method's range", async () => {
    const providers = (await (await fetch(`http://127.0.0.1:${server.config.port}/demo/providers`)).json()) as { id: string; methods: { id: string; amount: { min: string; max: string } }[] }[];
    const amounts = Object.fromEntries(providers.flatMap((provider) => provider.methods.map((method) => [`${provider.id} ${method.id}`, method.amount])));
    assert.deepEqual(amounts['mtn-momo invoice'], { min: '500', max: '5000000' });
    assert.deepEqual(amounts['momo-vn wallet'], { min: '1000', max: '50000000' });
    assert.deepEqual(amounts['dollr collection'], DOUBLE_EXACT_AMOUNTS);
  });
});

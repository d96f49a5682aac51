/**
 * How long a checkout may stay payable is each method's, declared as data (maxExpiresInSeconds):
 * an MTN invoice up to 30 days (pay later within its validity), a Mom Factura bank reference up
 * to its due date (3 days after issue, as our sandbox), any other method 7 days. One second more
 * is a 422 EXPIRY_TOO_LONG naming the method's longest window, before anything is created; past
 * a year the body is malformed (400).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { providersFromEnv } from './provider-context';
import { DEFAULT_MAX_EXPIRES_IN_SECONDS } from '../../server-example/providers/types';
import { startTestServer, type TestServer } from './helpers';

const DAY = 86_400;

const METHODS = [
  { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', max: 30 * DAY, reads: '30 days' },
  { provider: 'mtn-momo', method: 'request-to-pay', amount: '150000', currency: 'UGX', max: 7 * DAY, reads: '7 days' },
  { provider: 'mtn-momo', method: 'payment', amount: '150000', currency: 'UGX', max: 7 * DAY, reads: '7 days' },
  { provider: 'momo-vn', method: 'wallet', amount: '50000', currency: 'VND', max: 7 * DAY, reads: '7 days' },
  { provider: 'mom-factura', method: 'reference', amount: '2500.00', currency: 'AOA', max: 3 * DAY, reads: '3 days' },
  { provider: 'mom-factura', method: 'mcx', amount: '2500.00', currency: 'AOA', max: 7 * DAY, reads: '7 days' },
  { provider: 'dollr', method: 'collection', amount: '20.00', currency: 'USD', max: 7 * DAY, reads: '7 days' },
] as const;

test('each method declares its longest window as data, and the ones above are what the backend offers', () => {
  const { adapters } = providersFromEnv({});
  for (const { provider, method, max } of METHODS) {
    assert.equal(adapters.get(provider)?.methods[method]?.maxExpiresInSeconds ?? DEFAULT_MAX_EXPIRES_IN_SECONDS, max, `${provider} ${method}`);
  }
  const mtnInvoice = adapters.get('mtn-momo')?.methods.invoice;
  assert.equal(mtnInvoice?.maxExpiresInSeconds, 30 * DAY);
});

test('MOM_FACTURA_REFERENCE_DUE_DAYS sets how far off Mom Factura makes a reference due', () => {
  const { adapters } = providersFromEnv({ MOM_FACTURA_REFERENCE_DUE_DAYS: '10' });
  assert.equal(adapters.get('mom-factura')?.methods.reference?.maxExpiresInSeconds, 10 * DAY);
});

describe('POST /v1/checkouts with expiresInSeconds', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const create = async (body: Record<string, unknown>) => {
    const response = await server.merchant('/v1/checkouts', { body: { reference: 'Ana Silva P5', ...body }, idempotencyKey: crypto.randomUUID() });
    return { status: response.status, body: (await response.json()) as { id?: string; expiresAt?: string; error?: { code: string; message: string } } };
  };
  const checkoutCount = async () => ((await (await server.merchant('/v1/checkouts?limit=100')).json()) as { data: unknown[] }).data.length;

  for (const { max, reads, ...checkout } of METHODS) {
    test(`${checkout.provider} ${checkout.method}: ${reads} is taken, a second more is 422 EXPIRY_TOO_LONG with nothing created`, async () => {
      const longest = await create({ ...checkout, expiresInSeconds: max });
      assert.equal(longest.status, 201, JSON.stringify(longest.body));
      const before = await checkoutCount();
      const tooLong = await create({ ...checkout, expiresInSeconds: max + 1 });
      assert.equal(tooLong.status, 422);
      assert.equal(tooLong.body.error?.code, 'EXPIRY_TOO_LONG');
      assert.equal(tooLong.body.error?.message, `${checkout.provider} ${checkout.method} stays payable for ${reads} at most: expiresInSeconds ${max} or less, not ${max + 1}.`);
      assert.equal(await checkoutCount(), before, 'nothing created');
    });
  }

  test('an MTN invoice valid 30 days asks MTN for that validity, and the checkout expires then', async () => {
    const created = await create({ provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', expiresInSeconds: 30 * DAY });
    assert.equal(created.status, 201);
    const { providerReference } = (await (await server.merchant(`/v1/checkouts/${created.body.id}`)).json()) as { providerReference: string };
    const invoice = (await (await server.sandbox(`/mtn-momo/control/invoices/${providerReference}`, undefined, 'GET')).json()) as { validityDurationSeconds: number };
    // Counted from when the request went out, a moment after the checkout was made.
    assert.ok(invoice.validityDurationSeconds <= 30 * DAY && invoice.validityDurationSeconds > 30 * DAY - 5, String(invoice.validityDurationSeconds));
    assert.ok(Math.abs(Date.parse(created.body.expiresAt!) - (Date.now() + 30 * DAY * 1_000)) < 5_000);
  });

  test('past a year, or under a minute, the body is malformed: 400', async () => {
    for (const expiresInSeconds of [365 * DAY + 1, 59]) {
      const response = await create({ provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', expiresInSeconds });
      assert.equal(response.status, 400);
      assert.equal(response.body.error?.code, 'VALIDATION_FAILED');
      assert.match(response.body.error?.message ?? '', /^expiresInSeconds: /);
    }
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateCheckoutBody } from '../../server-example/checkouts/schema';
import { checkAmount } from '../../server-example/money';

test('amounts are checked against the currency minor units', () => {
  assert.equal(checkAmount('1500', 'UGX'), undefined);
  assert.equal(checkAmount('1500.5', 'UGX'), 'INVALID_AMOUNT');
  assert.equal(checkAmount('20000', 'VND'), undefined);
  assert.equal(checkAmount('12.50', 'EUR'), undefined);
  assert.equal(checkAmount('12.505', 'EUR'), 'INVALID_AMOUNT');
  assert.equal(checkAmount('2500.00', 'AOA'), undefined);
  assert.equal(checkAmount('0', 'UGX'), 'INVALID_AMOUNT');
  assert.equal(checkAmount('0.00', 'EUR'), 'INVALID_AMOUNT');
  assert.equal(checkAmount('-5', 'EUR'), 'INVALID_AMOUNT');
  assert.equal(checkAmount('01', 'EUR'), 'INVALID_AMOUNT');
  assert.equal(checkAmount('1e3', 'EUR'), 'INVALID_AMOUNT');
  assert.equal(checkAmount('10', 'XYZ'), 'UNSUPPORTED_CURRENCY');
});

const base = { provider: 'mtn-momo', method: 'invoice', amount: '3000', currency: 'UGX', reference: 'INV-1' };

test('items must add up to the amount', () => {
  const items = [
    { name: 'Tuition', quantity: 2, unitAmount: '1000' },
    { name: 'Books', quantity: 1, unitAmount: '1000' },
  ];
  assert.equal(CreateCheckoutBody.safeParse({ ...base, items }).success, true);
  const mismatch = CreateCheckoutBody.safeParse({ ...base, amount: '2500', items });
  assert.equal(mismatch.success, false);
  assert.deepEqual(mismatch.error?.issues[0]?.path, ['amount']);
});

test('unknown fields and malformed values are refused with their path', () => {
  const unknown = CreateCheckoutBody.safeParse({ ...base, colour: 'red' });
  assert.equal(unknown.success, false);
  const phone = CreateCheckoutBody.safeParse({ ...base, payer: { phone: 'call me' } }); // a national form such as '07 12' is the country's question (422), not the schema's
  assert.deepEqual(phone.error?.issues[0]?.path, ['payer', 'phone']);
  const decimals = CreateCheckoutBody.safeParse({ ...base, amount: '30.5' });
  assert.deepEqual(decimals.error?.issues[0]?.path, ['amount']);
});

/**
 * Phone numbers as people write them (server-example/phones): the country of a checkout, every
 * common form read as the international digits its provider takes, numbers of another country
 * and garbage refused with a message naming the forms taken, and the element's mirror of the
 * rules (src/core/phone.ts) reading every form the same way.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PushInstruction } from '../../contract';
import { toSession } from '../../server-example/checkouts/views';
import { checkoutCountry, checkoutPhoneRule } from '../../server-example/phones/checkout-country';
import { readPayerPhone, readPhone, type CheckoutPhoneRule } from '../../server-example/phones/read';
import { nationalDigits, phoneRulesFor } from '../../server-example/phones/rules';
import { providersFromEnv } from './provider-context';
import type { CheckoutRecord } from '../../server-example/store/types';
import { formatPhone, nationalForm, phoneDigits } from '../../src/core/phone';

/** The backend's adapters as it builds them, for MTN's target environment `environment` (no call is made). */
const adapters = (environment = 'mtnuganda') => providersFromEnv({ MTN_TARGET_ENVIRONMENT: environment }).adapters;

const ruleOf = (provider: string, method: string, currency: string, environment?: string): CheckoutPhoneRule => {
  const rule = checkoutPhoneRule(adapters(environment), { provider, method, currency });
  assert.ok(rule, `${provider} ${method} ${currency} takes a phone`);
  return rule;
};

/** Every form of one number a payer of that country may type, with the digits it stands for. */
const FORMS: { name: string; rule: () => CheckoutPhoneRule; digits: string; forms: string[] }[] = [
  {
    name: 'Uganda (MTN, mtnuganda)',
    rule: () => ruleOf('mtn-momo', 'request-to-pay', 'UGX'),
    digits: '256772123456',
    forms: ['0772123456', '0772 123 456', '+256 772 123 456', '256772123456', '00256 772 123 456', '772123456', '(0772) 123-456', '0772.123.456', '+256-772-123456', ' 0772 123 456 '],
  },
  {
    name: 'Uganda (MTN sandbox, EUR)',
    rule: () => ruleOf('mtn-momo', 'payment', 'EUR', 'sandbox'),
    digits: '256782123456',
    forms: ['0782123456', '0782 123 456', '+256 782 123 456', '256782123456', '00256782123456', '782 123 456'],
  },
  {
    name: 'Angola (Mom Factura, Multicaixa Express)',
    rule: () => ruleOf('mom-factura', 'mcx', 'AOA'),
    digits: '244923000000',
    forms: ['923000000', '923 000 000', '+244 923 000 000', '244923000000', '00244 923 000 000', '923-000-000'],
  },
  {
    name: 'Liberia (Dollr, USD)',
    rule: () => ruleOf('dollr', 'collection', 'USD'),
    digits: '231881234567',
    forms: ['0881234567', '088 123 4567', '+231 88 123 4567', '231881234567', '00231881234567', '881234567'],
  },
  {
    name: 'Liberia (Dollr, LRD, Orange)',
    rule: () => ruleOf('dollr', 'collection', 'LRD'),
    digits: '231771234567',
    forms: ['0771234567', '077 123 4567', '+231 77 123 4567', '231771234567'],
  },
  {
    name: 'Rwanda (Dollr, RWF)',
    rule: () => ruleOf('dollr', 'collection', 'RWF'),
    digits: '250781234567',
    forms: ['0781234567', '0781 234 567', '+250 781 234 567', '250781234567', '00250 781 234 567', '781 234 567'],
  },
];

describe('the country of a checkout', () => {
  test('from its provider, currency and (MTN) target environment', () => {
    const cases: [provider: string, currency: string, environment: string, country: string | undefined][] = [
      ['mtn-momo', 'UGX', 'mtnuganda', 'UG'],
      // MTN's sandbox takes EUR and is read as Uganda, the market its defaults imitate.
      ['mtn-momo', 'EUR', 'sandbox', 'UG'],
      ['mtn-momo', 'GHS', 'mtnghana', 'GH'],
      ['mtn-momo', 'XAF', 'mtncameroon', 'CM'],
      ['mtn-momo', 'XAF', 'mtncongo', 'CG'],
      ['momo-vn', 'VND', 'mtnuganda', 'VN'],
      ['mom-factura', 'AOA', 'mtnuganda', 'AO'],
      ['dollr', 'USD', 'mtnuganda', 'LR'],
      ['dollr', 'LRD', 'mtnuganda', 'LR'],
      ['dollr', 'RWF', 'mtnuganda', 'RW'],
      ['dollr', 'UGX', 'mtnuganda', undefined],
      ['nope', 'UGX', 'mtnuganda', undefined],
    ];
    for (const [provider, currency, environment, country] of cases) {
      assert.equal(checkoutCountry(adapters(environment), { provider, currency }), country, `${provider} ${currency} ${environment}`);
    }
  });
});

describe('reading what the payer typed', () => {
  for (const { name, rule, digits, forms } of FORMS) {
    test(`${name}: every form people write → ${digits}`, () => {
      for (const form of forms) assert.deepEqual(readPhone(form, rule()), { ok: true, digits }, JSON.stringify(form));
    });
  }

  test("MTN's sandbox test numbers are taken as they are there, and only there", () => {
    assert.deepEqual(readPhone('46733123450', ruleOf('mtn-momo', 'request-to-pay', 'EUR', 'sandbox')), { ok: true, digits: '46733123450' });
    assert.deepEqual(readPhone('+46 733 123 454', ruleOf('mtn-momo', 'request-to-pay', 'EUR', 'sandbox')), { ok: true, digits: '46733123454' });
    assert.equal(readPhone('46733123450', ruleOf('mtn-momo', 'request-to-pay', 'UGX')).ok, false);
  });

  test("a number of another country is refused, and the message names the checkout's forms", () => {
    const cases: [rule: () => CheckoutPhoneRule, typed: string, message: string][] = [
      [() => ruleOf('dollr', 'collection', 'RWF'), '088 123 4567', 'Enter a mobile money number in Rwanda, as 0781 234 567 or +250 781 234 567.'],
      [() => ruleOf('dollr', 'collection', 'RWF'), '+231 88 123 4567', 'Enter a mobile money number in Rwanda, as 0781 234 567 or +250 781 234 567.'],
      [() => ruleOf('dollr', 'collection', 'USD'), '250781234567', 'Enter a mobile money number in Liberia, as 088 123 4567 or +231 88 123 4567.'],
      [() => ruleOf('mtn-momo', 'payment', 'UGX'), '+244 923 000 000', 'Enter a mobile money number in Uganda, as 0772 123 456 or +256 772 123 456.'],
      [() => ruleOf('mom-factura', 'mcx', 'AOA'), '+256 772 123 456', 'Enter a mobile money number in Angola, as 923 000 000 or +244 923 000 000.'],
      // Airtel Uganda: a Ugandan number, but not MTN's.
      [() => ruleOf('mtn-momo', 'payment', 'UGX'), '0701 234 567', 'Enter a mobile money number in Uganda, as 0772 123 456 or +256 772 123 456.'],
    ];
    for (const [rule, typed, message] of cases) assert.deepEqual(readPhone(typed, rule()), { ok: false, message }, typed);
  });

  test('garbage is refused with the same message', () => {
    const rule = ruleOf('mtn-momo', 'request-to-pay', 'UGX');
    for (const typed of ['', ' ', 'abc', 'call me', '12', '0772', '+256 77a 123 456', '++256772123456', '0772 123 456 ext 9', '0772123456789012345', '256+772123456', '٠٧٧٢١٢٣٤٥٦']) {
      assert.deepEqual(readPhone(typed, rule), { ok: false, message: 'Enter a mobile money number in Uganda, as 0772 123 456 or +256 772 123 456.' }, JSON.stringify(typed));
    }
  });

  test("a payer's number from the merchant: any possible number, national forms read in the checkout's country", () => {
    assert.deepEqual(readPayerPhone('0772 123 456', 'UG'), { ok: true, digits: '256772123456' });
    assert.deepEqual(readPayerPhone('0912 345 678', 'VN'), { ok: true, digits: '84912345678' });
    assert.deepEqual(readPayerPhone('+250 781 234 567', 'LR'), { ok: true, digits: '250781234567' }, 'its own country when it says so');
    assert.deepEqual(readPayerPhone('46733123454', 'UG'), { ok: true, digits: '46733123454' }, 'international without its +');
    assert.deepEqual(readPayerPhone('call me', 'VN'), { ok: false, message: 'Enter a mobile money number in Vietnam, as 0912 345 678 or +84 912 345 678.' });
    assert.equal(readPayerPhone('123', 'UG').ok, false);
  });

  test('a provider that takes the national form (MoMo Vietnam) gets it from the stored digits', () => {
    assert.equal(nationalDigits('84999888999'), '0999888999');
    assert.equal(nationalDigits('256772123456'), '0772123456');
  });
});

describe("the country's rules, as the element gets them", () => {
  test('calling code, trunk prefix, lengths and groups as each country writes its mobiles', () => {
    assert.deepEqual(phoneRulesFor('UG', '256772123456'), { country: 'UG', callingCode: '256', nationalPrefix: '0', lengths: [9], groups: [3, 3, 3] });
    assert.deepEqual(phoneRulesFor('AO', '244923000000'), { country: 'AO', callingCode: '244', lengths: [9], groups: [3, 3, 3] });
    assert.deepEqual(phoneRulesFor('LR', '231881234567'), { country: 'LR', callingCode: '231', nationalPrefix: '0', lengths: [7, 8, 9], groups: [2, 3, 4] });
    assert.deepEqual(phoneRulesFor('RW', '250781234567'), { country: 'RW', callingCode: '250', nationalPrefix: '0', lengths: [8, 9], groups: [3, 3, 3] });
    assert.deepEqual(phoneRulesFor('VN'), { country: 'VN', callingCode: '84', nationalPrefix: '0', lengths: [7, 8, 9, 10], groups: [3, 3, 3] });
    // An example of another country (MTN's sandbox test numbers) teaches nothing: the country's own groups.
    assert.deepEqual(phoneRulesFor('UG', '46733123454'), phoneRulesFor('UG', '256772123456'));
    assert.equal(phoneRulesFor('XX'), undefined);
  });

  for (const { name, rule, digits, forms } of FORMS) {
    test(`${name}: the element reads every form as the backend does, and writes them as the country does`, () => {
      const { country, pattern, example } = rule();
      const rules = phoneRulesFor(country!, example)!;
      for (const form of forms) assert.equal(phoneDigits(form, pattern.source, rules), digits, JSON.stringify(form));
      const national = nationalForm(digits, rules);
      assert.equal(formatPhone(national.replace(/\D/g, ''), rules), national, 'typed in national form, grouped as written');
      assert.equal(formatPhone(`+${digits}`, rules), `+${rules.callingCode} ${national.slice((rules.nationalPrefix ?? '').length)}`);
    });
  }
});

describe('the push instruction as served', () => {
  const record = (overrides: Partial<CheckoutRecord> = {}): CheckoutRecord => ({
    id: 'co_1',
    provider: 'mtn-momo',
    method: 'request-to-pay',
    amount: '25000',
    currency: 'UGX',
    reference: 'INV-1',
    status: 'pending',
    instructions: [{ kind: 'push', needsPhone: true, phonePattern: '^256(?:7[678]|39)\\d{7}$', phoneExample: '256772123456', operators: ['MTN MoMo'] }],
    expiresAt: new Date(Date.now() + 900_000).toISOString(),
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    version: 0,
    pollAttempts: 0,
    ...overrides,
  });
  /** `country` null: a checkout whose provider declares none. */
  const served = (checkout: CheckoutRecord, country: string | null = 'UG') => toSession(checkout, 'Kampala Parents School', country ?? undefined);
  const push = (checkout: CheckoutRecord, country?: string | null) => served(checkout, country).instructions[0] as PushInstruction;

  test("carries the country, its rules, and the merchant's payer.phone to prefill while a number is asked for", () => {
    const session = served(record({ payer: { phone: '256782123456' } }));
    assert.equal(session.country, 'UG');
    assert.deepEqual(session.instructions, [
      {
        kind: 'push',
        needsPhone: true,
        phonePattern: '^256(?:7[678]|39)\\d{7}$',
        phoneExample: '256772123456',
        phoneRules: { country: 'UG', callingCode: '256', nationalPrefix: '0', lengths: [9], groups: [3, 3, 3] },
        operators: ['MTN MoMo'],
        prefill: '256782123456',
      },
    ]);
  });

  test('prefills no number the method would refuse, and none once the request is sent', () => {
    assert.equal(push(record({ payer: { phone: '256701234567' } })).prefill, undefined, 'Airtel, for an MTN push');
    const sent = record({ payer: { phone: '256782123456' }, instructions: [{ kind: 'push', needsPhone: false, phonePattern: '^256(?:7[678]|39)\\d{7}$' }] });
    assert.equal(push(sent).prefill, undefined);
  });

  test('no country, no rules; English operator hints that older checkouts stored, and malformed operators, are not served', () => {
    assert.equal(served(record(), null).country, undefined);
    assert.equal(push(record(), null).phoneRules, undefined);
    const legacy = record({ instructions: [{ kind: 'push', needsPhone: true, phonePattern: '^256\\d{9}$', operatorHint: 'MTN or Orange' } as PushInstruction] });
    assert.ok(!('operatorHint' in push(legacy)));
    for (const operators of [[], [''], 'MTN', [42], Array.from({ length: 7 }, () => 'MTN')]) {
      const odd = record({ instructions: [{ kind: 'push', needsPhone: true, phonePattern: '^256\\d{9}$', operators } as unknown as PushInstruction] });
      assert.ok(!('operators' in push(odd)), JSON.stringify(operators));
    }
  });
});

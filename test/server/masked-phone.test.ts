import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskedPhone } from '../../server-example/checkouts/masked-phone';

test('a number after a push is shown as its country writes it, recognisable, never whole', () => {
  assert.equal(maskedPhone('256772123456'), '+256 77• ••• 456');
  assert.equal(maskedPhone('244923456789'), '+244 92• ••• 789');
  assert.equal(maskedPhone('250781234567'), '+250 78• ••• 567');
  assert.equal(maskedPhone('231881234567'), '+231 88 ••• •567');
  for (const digits of ['256772123456', '46733123454', '231771234567', '99912345678', '2567']) {
    const masked = maskedPhone(digits);
    assert.ok((masked.match(/•/g) ?? []).length >= 3, `${masked}: at least three digits hidden`);
    assert.notEqual(masked.replace(/\D/g, ''), digits, masked);
  }
});

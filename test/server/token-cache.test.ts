/**
 * Verified checkout tokens are kept (token.ts), so the element's polls skip the HMAC: kept or
 * not, a token answers the same, its expiry and the reads' extra window to the millisecond.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCheckoutTokens, TokenError } from '../../server-example/token';
import { manualClock } from './clock';

const SECRET = 'a-test-secret-that-is-long-enough-123456';
const ISSUER = 'http://localhost:8080';

async function refusal(verifying: Promise<unknown>): Promise<TokenError> {
  try {
    await verifying;
  } catch (err) {
    assert.ok(err instanceof TokenError);
    return err;
  }
  assert.fail('the token was accepted');
}

test('a kept token still expires at its exp, naming its checkout', async () => {
  const clock = manualClock(Date.UTC(2026, 0, 1));
  const tokens = createCheckoutTokens(SECRET, ISSUER, clock);
  const expiresAt = new Date(clock.now() + 60_000);
  const token = await tokens.sign('co_a', expiresAt);
  assert.deepEqual(await tokens.verify(token), { checkoutId: 'co_a', expiresAt });
  clock.advance(59_999);
  assert.deepEqual(await tokens.verify(token), { checkoutId: 'co_a', expiresAt });
  clock.advance(1);
  const expired = await refusal(tokens.verify(token));
  assert.equal(expired.code, 'TOKEN_EXPIRED');
  assert.equal(expired.expiredCheckoutId, 'co_a');
});

test('a token kept by a read (taken past its exp) is not taken past it by a write', async () => {
  const clock = manualClock(Date.UTC(2026, 0, 1));
  const tokens = createCheckoutTokens(SECRET, ISSUER, clock);
  const token = await tokens.sign('co_b', new Date(clock.now() + 60_000));
  await tokens.verify(token);
  clock.advance(90_000);
  assert.equal((await tokens.verify(token, { afterExpiryMs: 120_000 })).checkoutId, 'co_b');
  assert.equal((await refusal(tokens.verify(token))).code, 'TOKEN_EXPIRED');
  // And the read's window ends to the millisecond.
  assert.equal((await tokens.verify(token, { afterExpiryMs: 120_000 })).checkoutId, 'co_b');
  clock.advance(90_000);
  assert.equal((await refusal(tokens.verify(token, { afterExpiryMs: 120_000 }))).code, 'TOKEN_EXPIRED');
});

test('what one secret verified, another never takes; a token changed by one character is refused', async () => {
  const clock = manualClock(Date.UTC(2026, 0, 1));
  const tokens = createCheckoutTokens(SECRET, ISSUER, clock);
  const token = await tokens.sign('co_c', new Date(clock.now() + 60_000));
  await tokens.verify(token);
  const other = createCheckoutTokens('another-secret-that-is-long-enough-654321', ISSUER, clock);
  assert.equal((await refusal(other.verify(token))).code, 'TOKEN_INVALID');
  const tampered = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
  assert.equal((await refusal(tokens.verify(tampered))).code, 'TOKEN_INVALID');
  assert.equal((await tokens.verify(token)).checkoutId, 'co_c');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignJWT } from 'jose';
import { createCheckoutTokens, TokenError, TOKEN_AUDIENCE } from '../../server-example/token';

const SECRET = 'a-test-secret-that-is-long-enough-123456';
const ISSUER = 'http://localhost:8080';
const tokens = createCheckoutTokens(SECRET, ISSUER);
const inAnHour = () => new Date(Date.now() + 3_600_000);

async function problem(token: string | undefined, options?: { afterExpiryMs?: number }) {
  try {
    await tokens.verify(token, options);
  } catch (err) {
    assert.ok(err instanceof TokenError);
    return err.code;
  }
  assert.fail('the token was accepted');
}

function decode(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

test('a signed token verifies to its checkout and carries the documented claims', async () => {
  const expiresAt = inAnHour();
  const token = await tokens.sign('co_a', expiresAt, { locale: 'fr' });
  assert.deepEqual(await tokens.verify(token), { checkoutId: 'co_a', expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000) });
  const claims = decode(token);
  assert.equal(claims.sub, 'co_a');
  assert.equal(claims.iss, ISSUER);
  assert.equal(claims.aud, TOKEN_AUDIENCE);
  assert.equal(claims.exp, Math.floor(expiresAt.getTime() / 1000));
  assert.equal(claims.locale, 'fr');
  assert.equal(typeof claims.iat, 'number');
});

test('no token, a tampered token and an expired token each get their own code', async () => {
  assert.equal(await problem(undefined), 'TOKEN_MISSING');
  const token = await tokens.sign('co_a', inAnHour());
  const [header, , signature] = token.split('.');
  const otherCheckout = Buffer.from(JSON.stringify({ ...decode(token), sub: 'co_b' })).toString('base64url');
  assert.equal(await problem(`${header}.${otherCheckout}.${signature}`), 'TOKEN_INVALID');
  assert.equal(await problem('not-a-jws'), 'TOKEN_INVALID');
  assert.equal(await problem(await tokens.sign('co_a', new Date(Date.now() - 1_000))), 'TOKEN_EXPIRED');
});

test('tokens from another secret, issuer or audience are refused', async () => {
  const key = new TextEncoder().encode(SECRET);
  const sign = (issuer: string, audience: string, secret = key) =>
    new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('co_a').setIssuer(issuer).setAudience(audience).setExpirationTime('1h').sign(secret);
  assert.equal(await problem(await sign(ISSUER, TOKEN_AUDIENCE, new TextEncoder().encode('another-secret-that-is-long-enough-99'))), 'TOKEN_INVALID');
  assert.equal(await problem(await sign('http://evil.example', TOKEN_AUDIENCE)), 'TOKEN_INVALID');
  assert.equal(await problem(await sign(ISSUER, 'someone-else')), 'TOKEN_INVALID');
  assert.equal((await tokens.verify(await sign(ISSUER, TOKEN_AUDIENCE))).checkoutId, 'co_a');
});

test('an unsigned token (alg none) is refused', async () => {
  const body = Buffer.from(JSON.stringify({ sub: 'co_a', iss: ISSUER, aud: TOKEN_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
  const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
  assert.equal(await problem(`${header}.${body}.`), 'TOKEN_INVALID');
});

test('afterExpiryMs accepts a token that long past its exp, to the millisecond, and no longer', async (t) => {
  const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000); // exp counts whole seconds
  const token = await tokens.sign('co_a', expiresAt);
  t.mock.timers.enable({ apis: ['Date'], now: expiresAt.getTime() + 2_400 });
  assert.equal(await problem(token), 'TOKEN_EXPIRED');
  assert.deepEqual(await tokens.verify(token, { afterExpiryMs: 2_500 }), { checkoutId: 'co_a', expiresAt });
  // jose alone, counting whole seconds (3 s of tolerance), would still take it here.
  t.mock.timers.setTime(expiresAt.getTime() + 2_600);
  assert.equal(await problem(token, { afterExpiryMs: 2_500 }), 'TOKEN_EXPIRED');
});

test('a token without exp is refused', async () => {
  const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('co_a').setIssuer(ISSUER).setAudience(TOKEN_AUDIENCE).sign(new TextEncoder().encode(SECRET));
  assert.equal(await problem(token), 'TOKEN_INVALID');
});

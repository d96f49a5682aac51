import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignJWT } from 'jose';
import { createCheckoutTokens, TokenError, TOKEN_AUDIENCE } from '../../server-example/token';

const SECRET = 'a-test-secret-that-is-long-enough-123456';
const ISSUER = 'http://localhost:8080';
const tokens = createCheckoutTokens(SECRET, ISSUER);
const inAnHour = () => new Date(Date.now() + 3_600_000);

async function problem(token: string | undefined) {
  try {
    await tokens.verify(token);
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
  assert.equal(await tokens.verify(token), 'co_a');
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
  assert.equal(await tokens.verify(await sign(ISSUER, TOKEN_AUDIENCE)), 'co_a');
});

test('an unsigned token (alg none) is refused', async () => {
  const body = Buffer.from(JSON.stringify({ sub: 'co_a', iss: ISSUER, aud: TOKEN_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
  const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
  assert.equal(await problem(`${header}.${body}.`), 'TOKEN_INVALID');
});

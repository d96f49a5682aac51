/**
 * The token's `iss` is where the element talks to. Outside production with no public URL it is the
 * host the checkout was created through when that is this machine or its local network (127.0.0.1,
 * localhost, a LAN address, also behind a dev proxy), so a page opened at that host reaches the backend; in production it is the configured public URL,
 * whatever the request says, and the backend refuses to start without a valid one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../server-example/config';
import { createCheckoutTokens, localNetworkIssuer } from '../../server-example/token';
import { invoiceBody, MERCHANT_KEY, startTestServer, type TestServer } from './helpers';

const issuerOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iss: string }).iss;

/** `POST /v1/checkouts` to `base` with the merchant key; the created checkout's token. */
async function createAt(base: string, headers: Record<string, string> = {}, body: Record<string, unknown> = invoiceBody()): Promise<string> {
  const response = await fetch(`${base}/v1/checkouts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${MERCHANT_KEY}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID(), ...headers },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { token: string }).token;
}

/** `GET {iss}/v1/session`: what the element does first with a token. */
const readSession = (token: string) => fetch(`${issuerOf(token)}/v1/session`, { headers: { Authorization: `Bearer ${token}` } });

test('outside production, a token may name this machine or its local network, and nothing else', () => {
  const issuer = localNetworkIssuer('http://localhost:8080');
  for (const ours of [
    'http://localhost:8080',
    'http://127.0.0.1:8080',
    'http://10.0.0.5:8080',
    'http://172.20.1.1',
    'https://192.168.1.20:8443',
    'http://[::1]:8080',
    'http://[fd12::1]:8080',
    'http://laptop.local:8080',
  ]) {
    assert.equal(issuer.accepts(ours), true, ours);
  }
  for (const theirs of [
    'http://172.32.0.1',
    'http://8.8.8.8',
    'https://example.com',
    'https://abc.ngrok-free.app',
    'http://localhost:8080/path',
    'http://user@localhost:8080',
    'ftp://localhost',
    42,
  ]) {
    assert.equal(issuer.accepts(theirs), false, String(theirs));
  }
});

describe('outside production, with no PUBLIC_BASE_URL', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test('a checkout created through 127.0.0.1 names 127.0.0.1, and one through localhost names localhost; both are read at that host', async () => {
    const { port } = server.config;
    for (const host of ['127.0.0.1', 'localhost']) {
      const token = await createAt(`http://${host}:${port}`);
      assert.equal(issuerOf(token), `http://${host}:${port}`);
      const session = await readSession(token);
      assert.equal(session.status, 200, await session.clone().text());
    }
  });

  test('behind a dev proxy or tunnel, X-Forwarded-Host and -Proto name the host the page was opened at', async () => {
    const token = await createAt(`http://127.0.0.1:${server.config.port}`, { 'X-Forwarded-Host': '192.168.1.20:8080', 'X-Forwarded-Proto': 'https' });
    assert.equal(issuerOf(token), 'https://192.168.1.20:8080');
    const session = await server.element('/v1/session', token);
    assert.equal(session.status, 200);
  });

  test('a host off the local network (a public tunnel, another site) is not named: that takes PUBLIC_BASE_URL', async () => {
    const { port } = server.config;
    const token = await createAt(`http://127.0.0.1:${port}`, { 'X-Forwarded-Host': 'abc123.ngrok-free.app', 'X-Forwarded-Proto': 'https' });
    assert.equal(issuerOf(token), `http://localhost:${port}`);
    // And a token that names one, signed with this backend's own secret, is not taken for its own.
    const foreign = await createCheckoutTokens(server.config.tokenSecret, 'https://abc123.ngrok-free.app').sign('co_x', new Date(Date.now() + 60_000));
    const refused = await server.element('/v1/session', foreign);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'TOKEN_INVALID');
  });

  test('a forwarded host that is not a host (a path, credentials) is ignored for the Host header', async () => {
    const { port } = server.config;
    for (const forged of ['evil.example/steal', 'user@evil.example', 'evil.example:99999']) {
      const token = await createAt(`http://127.0.0.1:${port}`, { 'X-Forwarded-Host': forged });
      assert.equal(issuerOf(token), `http://127.0.0.1:${port}`, forged);
    }
  });

  test("the demo merchant's create names the host its page was opened at", async () => {
    const { port } = server.config;
    for (const host of ['127.0.0.1', 'localhost']) {
      const response = await fetch(`http://${host}:${port}/demo/checkouts`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(invoiceBody()) });
      assert.equal(response.status, 201);
      const { token } = (await response.json()) as { token: string };
      assert.equal(issuerOf(token), `http://${host}:${port}`);
    }
  });

  test('a replayed create (same Idempotency-Key) returns the token first made', async () => {
    const base = `http://127.0.0.1:${server.config.port}`;
    const body = JSON.stringify(invoiceBody());
    const headers = { Authorization: `Bearer ${MERCHANT_KEY}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() };
    const first = (await (await fetch(`${base}/v1/checkouts`, { method: 'POST', headers, body })).json()) as { token: string };
    const again = await fetch(`http://localhost:${server.config.port}/v1/checkouts`, { method: 'POST', headers, body });
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await again.json()) as { token: string }).token, first.token);
  });
});

describe('outside production, with PUBLIC_BASE_URL set', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, { publicBaseUrl: 'http://checkout.test:8080' });
  });
  after(() => server.close());

  test('tokens name it whatever host the create came through, and a token naming another is refused', async () => {
    const token = await createAt(`http://127.0.0.1:${server.config.port}`, { 'X-Forwarded-Host': '192.168.1.20:8080' });
    assert.equal(issuerOf(token), 'http://checkout.test:8080');
    assert.equal((await server.element('/v1/session', token)).status, 200);
    const elsewhere = await createCheckoutTokens(server.config.tokenSecret, `http://127.0.0.1:${server.config.port}`).sign('co_x', new Date(Date.now() + 60_000));
    const refused = await server.element('/v1/session', elsewhere);
    assert.equal(refused.status, 401);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'TOKEN_INVALID');
  });
});

describe('in production', () => {
  const production = { NODE_ENV: 'production', TOKEN_SECRET: 'a-production-secret-that-is-long-enough', MERCHANT_API_KEY: MERCHANT_KEY };

  test('startup refuses a missing or unusable PUBLIC_BASE_URL, saying what to set', () => {
    assert.throws(() => loadConfig(production), /PUBLIC_BASE_URL must be set in production: the URL browsers and providers reach this backend at/);
    assert.throws(() => loadConfig({ ...production, PUBLIC_BASE_URL: 'pay.example.com' }), /PUBLIC_BASE_URL is not a URL \("pay\.example\.com"\)/);
    assert.throws(() => loadConfig({ ...production, PUBLIC_BASE_URL: 'http://pay.example.com' }), /must be an https URL in production/);
    assert.throws(() => loadConfig({ ...production, PUBLIC_BASE_URL: 'https://pay.example.com/?x=1' }), /no query, fragment or credentials/);
    assert.equal(loadConfig({ ...production, PUBLIC_BASE_URL: 'https://pay.example.com/' }).publicBaseUrl, 'https://pay.example.com');
    assert.equal(loadConfig({ ...production, PUBLIC_BASE_URL: 'https://example.com/pay/' }).publicBaseUrl, 'https://example.com/pay');
  });

  describe('a running backend', () => {
    let mtn: TestServer;
    let server: TestServer;
    before(async () => {
      // Production offers only providers with a real base URL: MTN here is another backend's sandbox.
      // Its sandbox accepts the configured key besides its public one, which production refuses.
      mtn = await startTestServer({}, {}, { MTN_SUBSCRIPTION_KEY: 'school-subscription-key' });
      const env = {
        ...production,
        PUBLIC_BASE_URL: 'https://pay.example.com',
        MTN_BASE_URL: `http://127.0.0.1:${mtn.config.port}/sandbox/mtn-momo`,
        MTN_TARGET_ENVIRONMENT: 'sandbox',
        MTN_SUBSCRIPTION_KEY: 'school-subscription-key',
      };
      server = await startTestServer({}, {}, env);
    });
    after(async () => {
      await server.close();
      await mtn.close();
    });

    test('keeps the configured issuer whatever Host or X-Forwarded-Host the request carries', async () => {
      assert.equal(server.config.production, true);
      const body = invoiceBody({ amount: '15.00', currency: 'EUR' });
      const asked: Record<string, string>[] = [{}, { 'X-Forwarded-Host': '192.168.1.20:8080', 'X-Forwarded-Proto': 'http' }];
      for (const headers of asked) {
        const token = await createAt(`http://127.0.0.1:${server.config.port}`, headers, body);
        assert.equal(issuerOf(token), 'https://pay.example.com');
      }
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCheckoutTokens } from '../../server-example/token';
import { createCheckout, startTestServer, type TestServer } from './helpers';

/**
 * The element polls with the default cache mode (so Chromium reuses a preflight's answer instead
 * of sending one before each poll): every answer of its routes must keep the HTTP cache out.
 */
describe('the element routes: caching', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const paths = ['/v1/session', '/v1/session/status', '/v1/session/events'];

  test("a preflight's answer may be kept 7200 s, Chromium's cap", async () => {
    for (const path of paths) {
      const preflight = await fetch(`http://127.0.0.1:${server.config.port}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
      });
      assert.equal(preflight.status, 204, path);
      assert.equal(preflight.headers.get('access-control-max-age'), '7200', path);
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /\bAuthorization\b/, path);
    }
  });

  test("every answer says no-store: reads, the token check's 401s, an unknown checkout's 401 and a refused push", async () => {
    const { token } = await createCheckout(server);
    const notHeld = await createCheckoutTokens(server.config.tokenSecret, server.url).sign('co_not_held', new Date(Date.now() + 60_000));
    const answers: [string, Response][] = [];
    for (const path of ['/v1/session', '/v1/session/status']) answers.push([`${path} read`, await server.element(path, token)]);
    for (const path of paths) {
      answers.push([`${path} without a token`, await fetch(`http://127.0.0.1:${server.config.port}${path}`)]);
      answers.push([`${path} with a malformed token`, await server.element(path, 'not-a-token')]);
      answers.push([`${path} for a checkout not held`, await server.element(path, notHeld)]);
    }
    answers.push([
      '/v1/session/pay with no phone',
      await fetch(`http://127.0.0.1:${server.config.port}/v1/session/pay`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' }),
    ]);
    for (const [what, response] of answers) {
      await response.body?.cancel();
      assert.equal(response.headers.get('cache-control'), 'no-store', `${what} (${response.status})`);
    }
    assert.deepEqual(
      answers.map(([, response]) => response.status),
      [200, 200, ...paths.flatMap(() => [401, 401, 401]), 400],
    );
  });
});

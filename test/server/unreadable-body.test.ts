/**
 * A request body cut off or badly chunked is the client's doing: over a raw socket, against a real
 * backend, on merchant, payer and callback routes alike, it is answered 400 BODY_UNREADABLE while
 * the client still listens, logged at info, and never shows in the log as an internal error.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { MERCHANT_KEY, startTestServer, type TestServer } from './helpers';
import { ERROR_LEVEL, logLines } from './log-lines';

let server: TestServer;
const logs = logLines();

before(async () => {
  server = await startTestServer({}, { logLevel: 'info' }, {}, { logDestination: logs.destination });
});
after(() => server.close());

const head = (path: string, headers: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${MERCHANT_KEY}\r\nContent-Type: application/json\r\n${headers}\r\n`;

/**
 * Writes `parts` to a raw socket, then either half-closes it and reads the whole answer (`wait`),
 * or destroys it (`abort`); resolves with what came back once the socket is closed.
 */
function rawRequest(parts: string[], end: 'wait' | 'abort'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: server.config.port, host: '127.0.0.1', allowHalfOpen: true });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.on('connect', () => {
      for (const part of parts) socket.write(part);
      // Once the server has the bytes: a client that went away, or one that stops sending and listens.
      socket.write('', () => (end === 'abort' ? socket.destroy() : socket.end()));
    });
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: { code: string } };

/** Resolves once the backend has logged the requests it saw (one `request` line each). */
async function requestLines(path: string, count: number) {
  for (;;) {
    const seen = logs.lines.filter((line) => line.msg === 'request' && line.path === path);
    if (seen.length >= count) return seen;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('a malformed chunk gets 400 BODY_UNREADABLE, in our error shape, while the client waits', async () => {
  const answer = await rawRequest([head('/v1/checkouts', 'Transfer-Encoding: chunked\r\n'), '5\r\n{"amo\r\n', 'ZZ\r\nnot a chunk\r\n'], 'wait');
  assert.equal(statusOf(answer), 400);
  assert.equal(bodyOf(answer).error.code, 'BODY_UNREADABLE');
});

test('a chunked body that stops short (the client half-closes and waits) gets 400 BODY_UNREADABLE', async () => {
  const answer = await rawRequest([head('/v1/session/pay', 'Transfer-Encoding: chunked\r\n'), '5\r\n{"pho\r\n'], 'wait');
  assert.equal(statusOf(answer), 400);
  assert.equal(bodyOf(answer).error.code, 'BODY_UNREADABLE');
});

test('bodies cut off mid-way (the client goes away) are logged at info, never as internal errors', async () => {
  const before = logs.lines.length;
  await rawRequest([head('/v1/checkouts', 'Transfer-Encoding: chunked\r\n'), '40\r\n{"provider":"mtn-momo",'], 'abort');
  await rawRequest([head('/v1/callbacks/mom-factura', 'Content-Length: 500\r\n'), '{"merchantTransactionId":'], 'abort');
  await rawRequest([head('/v1/payouts', 'Transfer-Encoding: chunked\r\n'), '5\r\n{"pro\r\n', 'XX\r\n'], 'abort');
  await requestLines('/v1/payouts', 1);
  await requestLines('/v1/callbacks/mom-factura', 1);
  const seen = logs.lines.slice(before);
  assert.deepEqual(
    seen.filter((line) => line.level >= ERROR_LEVEL),
    [],
    'no error-level line',
  );
  const requests = seen.filter((line) => line.msg === 'request');
  assert.ok(requests.length >= 3, JSON.stringify(requests));
  for (const line of requests) assert.deepEqual([line.level, line.status], [30, 400], JSON.stringify(line));
  assert.ok(
    seen.some((line) => line.msg === 'request body unreadable' && line.level === 30),
    'the reason is logged, at info',
  );
});

test('a whole body still reads as before (and one over 64 KB is still 413)', async () => {
  const ok = await server.merchant('/v1/checkouts', { body: { provider: 'mtn-momo', method: 'invoice', amount: '1500', currency: 'UGX', reference: 'BODY-1' }, idempotencyKey: crypto.randomUUID() });
  assert.equal(ok.status, 201);
  const answer = await rawRequest([head('/v1/checkouts', 'Transfer-Encoding: chunked\r\n'), `10000\r\n${'x'.repeat(0x10000)}\r\n`, `10\r\n${'x'.repeat(16)}\r\n0\r\n\r\n`], 'wait');
  assert.equal(statusOf(answer), 413);
  assert.deepEqual(
    logs.lines.filter((line) => line.level >= ERROR_LEVEL),
    [],
  );
});

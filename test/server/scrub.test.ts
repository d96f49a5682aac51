import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, MAX_LOGGED_CHARS, scrub, truncateForLog } from '../../server-example/logger';

test('scrub removes secrets by key at any depth and by pattern in strings', () => {
  const jws = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjb19hIn0.c2lnbmF0dXJl';
  const scrubbed = scrub({
    headers: { Authorization: 'Bearer abc', 'Ocp-Apim-Subscription-Key': 'sub-key', 'X-Reference-Id': 'ref-1' },
    body: { apiKey: 'k', access_token: 't', amount: '100' },
    note: `token was ${jws}`,
    calls: [{ secretKey: 's' }],
  });
  assert.deepEqual(scrubbed, {
    headers: { Authorization: '[redacted]', 'Ocp-Apim-Subscription-Key': '[redacted]', 'X-Reference-Id': 'ref-1' },
    body: { apiKey: '[redacted]', access_token: '[redacted]', amount: '100' },
    note: 'token was [redacted]',
    calls: [{ secretKey: '[redacted]' }],
  });
});

test("every provider's credentials are scrubbed from its requests as they would be logged", () => {
  const requests = {
    mtn: { headers: { Authorization: 'Basic dXNlcjprZXk=', 'Ocp-Apim-Subscription-Key': 'sub', 'X-Target-Environment': 'mtnuganda' } },
    momoVn: { body: { partnerCode: 'MOMO', accessKey: 'F8BBA842ECF85', requestId: 'r1', signature: 'ab12' } },
    momFactura: { headers: { 'x-api-key': 'mf_key', 'x-env-qa': 'true' } },
    dollr: { body: { client_id: 'id-1', client_secret: 'shh' }, token: { access_token: 'jwt', expires_in: 60 } },
  };
  const text = JSON.stringify(scrub(requests));
  for (const secret of ['dXNlcjprZXk=', '"sub"', 'F8BBA842ECF85', '"ab12"', 'mf_key', 'shh', '"jwt"']) {
    assert.doesNotMatch(text, new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  }
  for (const kept of ['mtnuganda', '"MOMO"', '"r1"', 'x-env-qa', 'id-1']) assert.match(text, new RegExp(kept));
});

test('the logger scrubs every object it logs', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger('info', sink);
  log.info({ authorization: 'Bearer secret-value', nested: { token: 'eyJa.eyJb.c' }, path: '/v1/session' }, 'request');
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.equal(line.authorization, '[redacted]');
  assert.deepEqual(line.nested, { token: '[redacted]' });
  assert.equal(line.path, '/v1/session');
  assert.doesNotMatch(lines[0]!, /secret-value/);
});

test('errors and messages are scrubbed too', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger('info', sink);
  log.error({ err: new Error('upstream said: Authorization: Bearer abc.def.ghi') }, 'call failed with Basic dXNlcjpwYXNz');
  const line = JSON.parse(lines[0]!) as { err: { message: string; stack: string; type: string }; msg: string };
  assert.equal(line.err.type, 'Error');
  assert.match(line.err.message, /\[redacted\]/);
  assert.doesNotMatch(lines[0]!, /abc\.def\.ghi|dXNlcjpwYXNz/);
  assert.equal(line.msg, 'call failed with [redacted]');
});

test('every logged string is cut to a bound, saying how much was cut; a stack keeps more', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger('info', sink);
  const forged = 'A'.repeat(60_000);
  const err = new Error('boom');
  err.stack = `Error: boom\n${'    at frame (file.ts:1:1)\n'.repeat(200)}`;
  log.warn({ provider: 'mom-factura', reference: forged, nested: { raw: [forged] }, err }, `callback ${forged}`);
  assert.equal(lines.length, 1);
  assert.ok(lines[0]!.length < 16_000, `a ${lines[0]!.length}-char line`);
  const line = JSON.parse(lines[0]!) as { reference: string; nested: { raw: string[] }; msg: string; err: { stack: string; message: string } };
  assert.equal(line.reference, truncateForLog(forged));
  assert.ok(line.reference.startsWith('A'.repeat(MAX_LOGGED_CHARS)));
  assert.match(line.reference, /…\[58976 more chars\]$/);
  assert.equal(line.nested.raw[0], line.reference);
  assert.ok(line.msg.length < MAX_LOGGED_CHARS + 40);
  assert.equal(line.err.message, 'boom');
  assert.ok(line.err.stack.length > MAX_LOGGED_CHARS, 'a stack keeps its deeper frames');
  assert.equal(truncateForLog('short'), 'short');
});

test("a URL's password is scrubbed from strings, its user and host kept for support", () => {
  const message = scrub('connect to postgres://momo:s3cr3t-pw@db.internal:5432/momo failed');
  assert.equal(message, 'connect to postgres://momo:[redacted]@db.internal:5432/momo failed');
});

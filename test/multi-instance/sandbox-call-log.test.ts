/**
 * The MTN sandbox's record of the collection calls it got (`/control/calls`), which the suite's
 * polling checks rest on: each call's kind, resource, API user and answer, with a start and an
 * end that include a held answer, and a call in flight seen as such.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_SUBSCRIPTION_KEY } from '../../server-example/sandboxes/mtn-momo';
import { provisionMtnApiUser, startSandboxes, type SandboxesProcess } from './cluster';

const HOLD_MS = 300;

describe('the MTN sandbox’s call log', () => {
  let sandboxes: SandboxesProcess;
  before(async () => {
    sandboxes = await startSandboxes();
  });
  after(() => sandboxes?.stop());

  test('records each collection call from its start, answered or still out; filters and clears', { timeout: 60_000 }, async () => {
    const { MTN_API_USER: apiUser, MTN_API_KEY: apiKey } = await provisionMtnApiUser(sandboxes);
    const key = { 'Ocp-Apim-Subscription-Key': DEFAULT_SUBSCRIPTION_KEY };
    const issued = await sandboxes.mtn('/collection/token/', { method: 'POST', headers: { ...key, Authorization: `Basic ${Buffer.from(`${apiUser}:${apiKey}`).toString('base64')}` } });
    const { access_token: token } = (await issued.json()) as { access_token: string };
    const collection = { ...key, Authorization: `Bearer ${token}`, 'X-Target-Environment': 'mtnuganda', 'Content-Type': 'application/json' };

    await sandboxes.mtn('/control/faults', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ hangNext: { count: 1, ms: HOLD_MS } }) });
    const referenceId = crypto.randomUUID();
    const since = sandboxes.logs.lines.length;
    const creating = sandboxes.mtn('/collection/v2_0/invoice', {
      method: 'POST',
      headers: { ...collection, 'X-Reference-Id': referenceId },
      body: JSON.stringify({ externalId: 'INV-LOG', amount: '1000', currency: 'UGX', validityDuration: '3600', payee: { partyIdType: 'MSISDN', partyId: '256772123456' } }),
    });
    await sandboxes.logs.waitFor((line) => line.msg === 'mtn-momo sandbox: invoice created' && line.referenceId === referenceId, since, 'the invoice');
    const [inFlight] = await sandboxes.calls({ kind: 'create' });
    assert.equal(inFlight?.referenceId, referenceId);
    assert.equal(inFlight.endedAtMs, undefined, 'held: still in flight');
    assert.equal(inFlight.status, undefined);

    assert.equal((await creating).status, 202);
    assert.equal((await sandboxes.mtn(`/collection/v2_0/invoice/${referenceId}`, { headers: collection })).status, 200);

    const calls = await sandboxes.calls();
    assert.deepEqual(
      calls.map((call) => [call.kind, call.method, call.referenceId, call.status]),
      [
        ['token', 'POST', undefined, 200],
        ['create', 'POST', referenceId, 202],
        ['status', 'GET', referenceId, 200],
      ],
    );
    assert.deepEqual(
      calls.slice(1).map((call) => call.apiUser),
      [apiUser, apiUser],
      'by the API user its token names',
    );
    const create = calls[1]!;
    assert.ok(create.endedAtMs! - create.startedAtMs >= HOLD_MS, 'the hold is part of the call');

    assert.deepEqual((await sandboxes.calls({ kind: 'status', referenceId: referenceId.toUpperCase() })).length, 1);
    assert.deepEqual(await sandboxes.calls({ kind: 'status', referenceId: crypto.randomUUID() }), []);
    assert.equal((await sandboxes.mtn('/control/calls', { method: 'DELETE' })).status, 204);
    assert.deepEqual(await sandboxes.calls(), []);
  });
});

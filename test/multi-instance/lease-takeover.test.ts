/**
 * A reconciler's lease outlives its instance only by its length: instance A takes a due checkout
 * and dies (SIGKILL) in the middle of its status call to MTN, whose answer the sandbox holds; the
 * other instance takes the checkout over once A's lease lapsed, not before, and settles it by a
 * poll (callbacks are dropped). Each instance reaches the sandboxes through a tap of the test's,
 * which tells which instance made a call as it goes out; the sandbox's call log times it.
 */
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { onPostgres } from '../postgres-database';
import { checkoutHistory, createCheckout, openEventStream, startCluster, type Cluster, type Instance } from './cluster';

const LEASE_MS = 1_500;
/** Long enough to kill A in the middle of it, shorter than the lease: the held call ends before anyone may poll again. */
const HOLD_MS = 1_000;

const INVOICE_STATUS = /^\/sandbox\/mtn-momo\/collection\/v2_0\/invoice\/([^/?]+)/;

interface TappedCall {
  instance: string;
  method: string;
  path: string;
}

/** Forwards one instance's requests to the sandboxes, telling of each as it goes out. */
interface SandboxTap {
  url: string;
  calls: TappedCall[];
  /** The first status call (made from index `since` on, or to come) of that invoice. */
  statusCall(referenceId: string, since: number): Promise<TappedCall>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'host']);

async function startTap(instance: string, upstream: string): Promise<SandboxTap> {
  const calls: TappedCall[] = [];
  const events = new EventEmitter();
  const forward = async (request: IncomingMessage, response: ServerResponse) => {
    const call: TappedCall = { instance, method: request.method ?? 'GET', path: request.url ?? '/' };
    calls.push(call);
    events.emit('call', call);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !HOP_BY_HOP.has(entry[0]));
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    try {
      const answer = await fetch(`${upstream}${call.path}`, { method: call.method, headers, body, redirect: 'manual' });
      const bytes = Buffer.from(await answer.arrayBuffer());
      response.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([name]) => !HOP_BY_HOP.has(name))));
      response.end(bytes);
    } catch {
      // The instance died while its call was held: no one to answer.
      response.destroy();
    }
  };
  const server = createServer((request, response) => void forward(request, response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const matchesStatus = (referenceId: string) => (call: TappedCall) => call.method === 'GET' && INVOICE_STATUS.exec(call.path)?.[1]?.toLowerCase() === referenceId;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    statusCall(referenceId, since) {
      const matches = matchesStatus(referenceId);
      const seen = calls.slice(since).find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const listen = (call: TappedCall) => {
          if (!matches(call)) return;
          events.off('call', listen);
          resolve(call);
        };
        events.on('call', listen);
      });
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

describe('two instances: one dies holding the lease on a due checkout', () => {
  let cluster: Cluster;
  const taps = new Map<string, SandboxTap>();
  before(async () => {
    cluster = await startCluster({
      instances: 2,
      // A poll a second once due; passes every 20 ms, so that a lapsed lease is taken over at once.
      env: { RECONCILE_LEASE_MS: String(LEASE_MS), RECONCILE_INTERVAL_MS: '20', RECONCILE_FIRST_POLL_MS: '1000', RECONCILE_MAX_POLL_MS: '1000' },
      async instanceEnv(name, sandboxes) {
        const tap = await startTap(name, sandboxes.url);
        taps.set(name, tap);
        return { SANDBOX_URL: tap.url };
      },
    });
  });
  after(async () => {
    await cluster?.close();
    await Promise.all([...taps.values()].map((tap) => tap.close()));
  });

  test('the other instance polls it only once the lease lapsed, and it is paid once', { timeout: 120_000 }, async (t) => {
    const [first, second] = cluster.instances as [Instance, Instance];
    // Both instances' MTN tokens first (a create asks for one), so that the held call is the poll itself.
    for (const instance of [first, second]) {
      const warmUp = await createCheckout(instance);
      assert.equal((await instance.merchant(`/v1/checkouts/${warmUp.id}/cancel`, { method: 'POST' })).status, 200);
    }

    const checkout = await createCheckout(first);
    const { providerReference } = await checkoutHistory(first, checkout.id);
    assert.ok(providerReference, 'the invoice is at MTN');
    const referenceId = providerReference.toLowerCase();
    // Its first poll is a second away: the next status call, whoever makes it, is held.
    await cluster.sandboxes.mtn('/control/calls', { method: 'DELETE' });
    const marks = new Map([...taps].map(([name, tap]) => [name, tap.calls.length]));
    const faults = await cluster.sandboxes.mtn('/control/faults', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ callbacks: 'drop', hangNext: { count: 1, ms: HOLD_MS } }),
    });
    assert.equal(faults.status, 200);

    // A is whichever instance took it: its status call is on its way to the sandbox.
    const held = await Promise.race([...taps].map(([name, tap]) => tap.statusCall(referenceId, marks.get(name) ?? 0)));
    const [a, b] = held.instance === first.name ? [first, second] : [second, first];
    assert.deepEqual(await a.kill('SIGKILL'), { code: null, signal: 'SIGKILL' });
    const killedAtMs = Date.now();
    // The lease A took it with, still on it: nobody may take it before then.
    const leaseUntilMs = await onPostgres(async (client) => {
      const { rows } = await client.query<{ next_poll_at: string }>('SELECT next_poll_at FROM checkouts WHERE id = $1', [checkout.id]);
      return Date.parse(rows[0]?.next_poll_at ?? '');
    }, cluster.database.url);

    // The payer approves; the callback is dropped, so only a poll can tell.
    assert.equal((await cluster.sandboxes.mtn(`/control/invoices/${referenceId}/approve`, { method: 'POST' })).status, 200);
    const stream = await openEventStream(b, checkout.token);
    await stream.untilStatus('paid');
    await stream.close();

    const history = await checkoutHistory(b, checkout.id);
    assert.equal(history.status, 'paid');
    const paid = history.events.filter((event) => event.status === 'paid');
    assert.equal(paid.length, 1, `paid once: ${JSON.stringify(history.events)}`);
    assert.equal(paid[0]?.source, 'poll', 'by a poll: the callback was dropped');

    const polls = (await cluster.sandboxes.calls({ kind: 'status', referenceId })).sort((x, y) => x.startedAtMs - y.startedAtMs);
    const [aPoll, bPoll] = polls;
    assert.ok(aPoll && bPoll, `A's poll and B's: ${JSON.stringify(polls)}`);
    assert.ok(aPoll.endedAtMs !== undefined && aPoll.endedAtMs - aPoll.startedAtMs >= HOLD_MS, `the first poll is the held one: ${JSON.stringify(aPoll)}`);
    assert.ok(killedAtMs < aPoll.startedAtMs + HOLD_MS, `A died (${killedAtMs}) before its poll was answered (${aPoll.startedAtMs + HOLD_MS})`);
    const tapped = [...taps].flatMap(([name, tap]) => tap.calls.slice(marks.get(name) ?? 0)).filter((call) => INVOICE_STATUS.exec(call.path)?.[1]?.toLowerCase() === referenceId);
    assert.equal(tapped.filter((call) => call.instance === a.name).length, 1, 'A polled it once');
    assert.equal(tapped.filter((call) => call.instance === b.name).length, polls.length - 1, 'every later poll was B’s');

    // A took it a little before its call went out: its lease ran from then, LEASE_MS long.
    const takenAtMs = leaseUntilMs - LEASE_MS;
    assert.ok(takenAtMs <= aPoll.startedAtMs && aPoll.startedAtMs - takenAtMs < LEASE_MS / 2, `A's lease (until ${leaseUntilMs}) is the one it polled under (${aPoll.startedAtMs})`);
    assert.ok(bPoll.startedAtMs >= leaseUntilMs, `B polled at ${bPoll.startedAtMs}, before A's lease lapsed at ${leaseUntilMs}`);
    assert.ok(
      bPoll.startedAtMs - aPoll.startedAtMs >= LEASE_MS - (aPoll.startedAtMs - takenAtMs),
      `B's poll ${bPoll.startedAtMs - aPoll.startedAtMs} ms after A's, under A's lease of ${LEASE_MS} ms taken ${aPoll.startedAtMs - takenAtMs} ms before A's poll`,
    );
    for (const [index, poll] of polls.entries()) {
      const next = polls[index + 1];
      if (next) assert.ok(poll.endedAtMs !== undefined && next.startedAtMs >= poll.endedAtMs, `two polls at once: ${JSON.stringify(polls)}`);
    }
    t.diagnostic(
      JSON.stringify({
        leaseMs: LEASE_MS,
        takenToPollMs: aPoll.startedAtMs - takenAtMs,
        killAfterPollMs: killedAtMs - aPoll.startedAtMs,
        bAfterAMs: bPoll.startedAtMs - aPoll.startedAtMs,
        bAfterLapseMs: bPoll.startedAtMs - leaseUntilMs,
        polls: polls.length,
      }),
    );
    await cluster.sandboxes.mtn('/control/faults', { method: 'DELETE' });
  });
});

/**
 * The element's event streams as this server keeps them: written on Node's response, one
 * heartbeat timer for all, and told to reconnect (elsewhere) at shutdown.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hono } from 'hono';
import { openEventStream } from '../../server-example/event-stream';
import { createStreamRegistry, type OpenStream } from '../../server-example/streams';
import { createCheckout, readStatusEvents, startTestServer } from './helpers';

describe('open event streams at shutdown', () => {
  test('are told to reconnect, then ended', { timeout: 15_000 }, async () => {
    const server = await startTestServer();
    try {
      const { token } = await createCheckout(server);
      const response = await server.element('/v1/session/events', token);
      // Written on Node's response, with the headers middleware set before the route.
      assert.deepEqual(
        ['content-type', 'cache-control', 'access-control-allow-origin', 'x-accel-buffering'].map((name) => response.headers.get(name)),
        ['text/event-stream', 'no-store', '*', 'no'],
      );
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      while (!text.includes('event: status')) text += (await reader.read()).value ?? '';
      const closing = server.close();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += chunk.value;
      await closing;
      assert.match(text, /retry: \d+\nevent: reconnect\ndata: \{"reason":"shutdown"\}\n\n$/);
    } finally {
      await server.close().catch(() => {});
    }
  });

  test('a stream is counted while it is open (the /metrics gauge), not once it ended', { timeout: 15_000 }, async () => {
    const server = await startTestServer();
    try {
      const openStreams = async () => {
        const text = await (await fetch(`http://127.0.0.1:${server.config.port}/metrics`)).text();
        return Number(/^momo_event_streams_open (\d+)$/m.exec(text)?.[1]);
      };
      const { id, token } = await createCheckout(server);
      // Two streams, each read until the server ends it; both open once their first event came.
      const streams = [0, 1].map(() => {
        let opened!: () => void;
        const open = new Promise<void>((resolve) => (opened = resolve));
        const updates = readStatusEvents(server, token, () => {
          opened();
          return false;
        });
        return { open, updates };
      });
      await Promise.all(streams.map((stream) => stream.open));
      assert.equal(await openStreams(), 2);
      assert.equal((await server.merchant(`/v1/checkouts/${id}/cancel`, { method: 'POST' })).status, 200);
      assert.deepEqual(
        (await Promise.all(streams.map((stream) => stream.updates))).map((updates) => updates.map((update) => update.status)),
        [
          ['pending', 'cancelled'],
          ['pending', 'cancelled'],
        ],
      );
      assert.equal(await openStreams(), 0);
    } finally {
      await server.close();
    }
  });

  test('one timer beats for every open stream; closeAll tells each and refuses more', { timeout: 5_000 }, async () => {
    const streams = createStreamRegistry({ heartbeatMs: 10 });
    const beats = [0, 0];
    const both = new Promise<void>((resolve) => {
      const stream = (index: number): OpenStream => ({
        heartbeat() {
          beats[index]!++;
          if (beats.every((count) => count > 0)) resolve();
        },
        reconnect() {},
      });
      streams.add(stream(0));
      streams.add(stream(1));
    });
    await both;
    assert.equal(streams.size, 2);
    let told = 0;
    streams.add({ heartbeat() {}, reconnect: () => told++ });
    streams.closeAll();
    assert.deepEqual([streams.size, streams.closing, told], [0, true, 1]);
  });

  test('at a beat, one read of every followed version catches up a stream that missed a change, and only that one', { timeout: 5_000 }, async () => {
    let asked: readonly string[] = [];
    const refreshed: string[] = [];
    let caughtUp!: () => void;
    const done = new Promise<void>((resolve) => (caughtUp = resolve));
    const streams = createStreamRegistry({
      heartbeatMs: 10,
      async readVersions(ids) {
        asked = ids;
        return new Map([
          ['co_missed', 3],
          ['co_current', 5],
        ]);
      },
    });
    const follow = (checkoutId: string, sentVersion: number): OpenStream => ({
      checkoutId,
      sentVersion,
      heartbeat() {},
      reconnect() {},
      refresh() {
        refreshed.push(checkoutId);
        caughtUp();
      },
    });
    const remove = [streams.add(follow('co_missed', 2)), streams.add(follow('co_current', 5)), streams.add(follow('co_current', 5))];
    await done;
    for (const removal of remove) removal();
    assert.deepEqual([...asked].sort(), ['co_current', 'co_missed'], 'one read, each checkout once');
    assert.deepEqual(refreshed, ['co_missed']);
  });

  test('a catch-up asked while a read is out gets one more read after it: that read may predate the change', { timeout: 5_000 }, async () => {
    const answers: Array<(versions: ReadonlyMap<string, number>) => void> = [];
    let onRead = () => {};
    const streams = createStreamRegistry({
      heartbeatMs: 600_000,
      readVersions: () =>
        new Promise((resolve) => {
          answers.push(resolve);
          onRead();
        }),
    });
    let refreshed!: () => void;
    const caughtUp = new Promise<void>((resolve) => (refreshed = resolve));
    const remove = streams.add({ checkoutId: 'co_1', sentVersion: 1, heartbeat() {}, reconnect() {}, refresh: () => refreshed() });
    streams.catchUp();
    streams.catchUp();
    streams.catchUp();
    assert.equal(answers.length, 1, 'one read at a time');
    const secondRead = new Promise<void>((resolve) => (onRead = resolve));
    answers[0]!(new Map([['co_1', 1]]));
    await secondRead;
    answers[1]!(new Map([['co_1', 2]]));
    await caughtUp;
    remove();
    assert.equal(answers.length, 2, 'the asks made meanwhile share that one read');
  });

  test('outside Node (app.request), the same text goes through a web stream', async () => {
    const app = new Hono();
    let closed = false;
    app.get('/', (c) => {
      const { sink, answer } = openEventStream(c);
      sink.onClose(() => (closed = true));
      sink.write('event: status\ndata: {}\n\n');
      sink.end();
      sink.write('ignored once ended');
      return answer;
    });
    const response = await app.request('/');
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    assert.equal(await response.text(), 'event: status\ndata: {}\n\n');
    assert.equal(closed, true);
  });
});

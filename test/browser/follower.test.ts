import { expect } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { MomoApiError, type ApiClient, type StatusResult } from '../../src/core/api';
import type { StatusUpdate } from '../../src/core/types';
import { StatusFollower } from '../../src/controllers/status-follower';

const host: ReactiveControllerHost = {
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
};

const FAST = { pollDelayMs: 5, slowPollDelayMs: 20, throttleAfterMs: 60_000, maxErrorDelayMs: 40, streamSilenceMs: 200 };

const update = (status: StatusUpdate['status']): StatusUpdate => ({ status, updatedAt: new Date().toISOString() });

/** A client whose status answers come from a script; the event stream is unavailable. */
function scriptedClient(answers: (() => StatusResult)[]) {
  const log = { calls: 0, inFlight: 0, maxInFlight: 0, etags: [] as (string | undefined)[], streamOpens: 0 };
  const client: ApiClient = {
    getSession: () => Promise.reject(new Error('unused')),
    pay: () => Promise.reject(new Error('unused')),
    async openEvents() {
      log.streamOpens++;
      return new Response('{"error":{"code":"SSE_UNAVAILABLE","message":"off"}}', { status: 503 });
    },
    async getStatus(etag, signal) {
      log.calls++;
      log.inFlight++;
      log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
      log.etags.push(etag);
      try {
        await new Promise((resolve) => setTimeout(resolve, 3));
        if (signal.aborted) throw new DOMException('aborted', 'AbortError');
        const answer = answers[Math.min(log.calls - 1, answers.length - 1)]!;
        return answer();
      } finally {
        log.inFlight--;
      }
    },
  };
  return { client, log };
}

function follow(client: ApiClient, onFatal?: (error: MomoApiError) => void) {
  const updates: StatusUpdate[] = [];
  let resolveFinal!: () => void;
  const final = new Promise<void>((resolve) => (resolveFinal = resolve));
  const follower = new StatusFollower(host, {
    timing: FAST,
    onUpdate: (u) => {
      updates.push(u);
      if (u.status === 'paid') resolveFinal();
    },
    onFatal: (error) => {
      onFatal?.(error);
      resolveFinal();
    },
  });
  follower.follow(client, 'pending');
  return { follower, updates, final };
}

describe('StatusFollower', () => {
  it('falls back to polling, sends the ETag back, keeps one request in flight and stops when final', async () => {
    const { client, log } = scriptedClient([
      () => ({ changed: true, update: update('pending'), etag: '"v1"' }),
      () => ({ changed: false }),
      () => ({ changed: false }),
      () => ({ changed: true, update: update('processing'), etag: '"v2"' }),
      () => ({ changed: true, update: update('paid'), etag: '"v3"' }),
    ]);
    const { follower, updates, final } = follow(client);
    await final;
    expect(log.streamOpens).to.equal(1);
    expect(updates.map((u) => u.status)).to.deep.equal(['pending', 'processing', 'paid']);
    expect(log.etags).to.deep.equal([undefined, '"v1"', '"v1"', '"v1"', '"v2"']);
    expect(log.maxInFlight).to.equal(1);
    expect(follower.mode).to.equal('idle');
    const calls = log.calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.calls).to.equal(calls);
  });

  it('treats network failures as data and retries them', async () => {
    const { client, log } = scriptedClient([
      () => {
        throw new MomoApiError('NETWORK_ERROR', 'offline');
      },
      () => {
        throw new MomoApiError('HTTP_ERROR', 'bad gateway', 502);
      },
      () => ({ changed: true, update: update('paid') }),
    ]);
    const { updates, final } = follow(client);
    await final;
    expect(log.calls).to.equal(3);
    expect(updates.map((u) => u.status)).to.deep.equal(['paid']);
  });

  it('stops on an error retrying cannot fix', async () => {
    const fatal: MomoApiError[] = [];
    const { client, log } = scriptedClient([
      () => {
        throw new MomoApiError('TOKEN_EXPIRED', 'expired', 401);
      },
    ]);
    const { final } = follow(client, (error) => fatal.push(error));
    await final;
    expect(fatal.map((e) => e.code)).to.deep.equal(['TOKEN_EXPIRED']);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(log.calls).to.equal(1);
  });

  it('aborts when the host disconnects and resumes when it reconnects', async () => {
    const { client, log } = scriptedClient([() => ({ changed: false })]);
    const { follower } = follow(client);
    await new Promise((resolve) => setTimeout(resolve, 30));
    follower.hostDisconnected();
    const calls = log.calls;
    expect(calls).to.be.greaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(log.calls).to.equal(calls);
    follower.hostConnected();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(log.calls).to.be.greaterThan(calls);
    follower.stop();
  });

  it('falls back to polling when the stream goes silent', async () => {
    const { client, log } = scriptedClient([() => ({ changed: true, update: update('paid') })]);
    // A stream that opens fine and then never sends a byte (a buffering proxy).
    client.openEvents = async (signal) => {
      log.streamOpens++;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    const { updates, final } = follow(client);
    await final;
    expect(log.streamOpens).to.equal(1);
    expect(updates.map((u) => u.status)).to.deep.equal(['paid']);
  });
});

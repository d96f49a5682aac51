import { expect, waitUntil } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { MomoApiError, type ApiClient } from '../../src/core/api';
import type { StatusUpdate } from '../../contract';
import { backoff } from '../../src/controllers/retry';
import { RECONNECTING_AFTER_FAILURES, StatusFollower } from '../../src/controllers/status-follower';

const host: ReactiveControllerHost = {
  addController() {},
  removeController() {},
  requestUpdate() {},
  updateComplete: Promise.resolve(true),
};

const FAST = { pollDelayMs: 5, slowPollDelayMs: 20, throttleAfterMs: 60_000, maxErrorDelayMs: 40, streamSilenceMs: 200 };

const update = (status: StatusUpdate['status']): StatusUpdate => ({ status, updatedAt: new Date().toISOString() });

/** A client whose status answers come from a script; the event stream is unavailable. */
function scriptedClient(answers: (() => StatusUpdate)[]) {
  const log = {
    calls: 0,
    inFlight: 0,
    maxInFlight: 0,
    /** `performance.now()` of each status request. */
    times: [] as number[],
    streamOpens: 0,
    /** Holds every answer back while set. */
    gate: undefined as Promise<void> | undefined,
    onCall: undefined as (() => void) | undefined,
    onIdle: undefined as (() => void) | undefined,
    /** Resolves once no request is out, and the follower has taken the answer in. */
    idle: async () => {
      if (log.inFlight) await new Promise<void>((resolve) => (log.onIdle = resolve));
      await new Promise((resolve) => setTimeout(resolve));
    },
    /** Resolves at the next status request. */
    nextCall: () => new Promise<void>((resolve) => (log.onCall = resolve)),
  };
  const client: ApiClient = {
    getSession: () => Promise.reject(new Error('unused')),
    pay: () => Promise.reject(new Error('unused')),
    async openEvents() {
      log.streamOpens++;
      return new Response('{"error":{"code":"SSE_UNAVAILABLE","message":"off"}}', { status: 503 });
    },
    async getStatus(signal) {
      log.calls++;
      log.inFlight++;
      log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
      log.times.push(performance.now());
      log.onCall?.();
      try {
        await new Promise((resolve) => setTimeout(resolve, 3));
        await log.gate;
        if (signal.aborted) throw new DOMException('aborted', 'AbortError');
        const answer = answers[Math.min(log.calls - 1, answers.length - 1)]!;
        return answer();
      } finally {
        log.inFlight--;
        if (!log.inFlight) log.onIdle?.();
      }
    },
  };
  return { client, log };
}

function follow(client: ApiClient, onFatal?: (error: MomoApiError) => void, timing: Partial<typeof FAST> = {}) {
  const updates: StatusUpdate[] = [];
  let resolveFinal!: () => void;
  const final = new Promise<void>((resolve) => (resolveFinal = resolve));
  const follower = new StatusFollower(host, {
    timing: { ...FAST, ...timing },
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
  it('falls back to polling, hands every answer over, keeps one request in flight and stops when final', async () => {
    const { client, log } = scriptedClient([() => update('pending'), () => update('pending'), () => update('processing'), () => update('paid')]);
    const { follower, updates, final } = follow(client);
    await final;
    expect(log.streamOpens).to.equal(1);
    // Repeats included: the host decides what changed.
    expect(updates.map((u) => u.status)).to.deep.equal(['pending', 'pending', 'processing', 'paid']);
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
      () => update('paid'),
    ]);
    const { updates, final } = follow(client);
    await final;
    expect(log.calls).to.equal(3);
    expect(updates.map((u) => u.status)).to.deep.equal(['paid']);
  });

  it('keeps following through answers that are not the backend’s verdict on the token', async () => {
    const fatal: MomoApiError[] = [];
    const fail = (error: MomoApiError) => (): StatusUpdate => {
      throw error;
    };
    const { client, log } = scriptedClient([
      fail(new MomoApiError('HTTP_ERROR', 'a firewall’s HTML page', 403)),
      fail(new MomoApiError('BAD_RESPONSE', 'truncated JSON')),
      fail(new MomoApiError('HTTP_ERROR', 'a proxy’s 404 page', 404)),
      fail(new MomoApiError('NOT_FOUND', 'no route (a deploy under way)', 404)),
      () => update('paid'),
    ]);
    const { updates, final } = follow(client, (error) => fatal.push(error));
    await final;
    expect(fatal).to.deep.equal([]);
    expect(log.calls).to.equal(5);
    expect(updates.map((u) => u.status)).to.deep.equal(['paid']);
  });

  it('stops when the backend refuses the token', async () => {
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

  it('stops when the page’s Content-Security-Policy refuses the status request', async () => {
    const fatal: MomoApiError[] = [];
    const { client, log } = scriptedClient([
      () => {
        throw new MomoApiError('CSP_BLOCKED', 'blocked by connect-src');
      },
    ]);
    const { follower, final } = follow(client, (error) => fatal.push(error));
    await final;
    expect(fatal.map((e) => e.code)).to.deep.equal(['CSP_BLOCKED']);
    expect(follower.mode).to.equal('idle');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(log.calls).to.equal(1);
  });

  it('says it is reconnecting after two failed checks in a row, until one is answered', async () => {
    expect(RECONNECTING_AFTER_FAILURES).to.equal(2);
    const fail = (): StatusUpdate => {
      throw new MomoApiError('NETWORK_ERROR', 'offline');
    };
    const pending = (): StatusUpdate => update('pending');
    const { client, log } = scriptedClient([fail, fail, fail, pending, fail, () => update('paid')]);
    let hostUpdates = 0;
    const counting: ReactiveControllerHost = { ...host, requestUpdate: () => hostUpdates++ };
    let resolveFinal!: () => void;
    const final = new Promise<void>((resolve) => (resolveFinal = resolve));
    const follower = new StatusFollower(counting, { timing: FAST, onUpdate: (u) => u.status === 'paid' && resolveFinal() });
    /** `reconnecting` as each request goes out, i.e. after the answers before it. */
    const seen: boolean[] = [];
    log.onCall = () => seen.push(follower.reconnecting);
    follower.follow(client, 'pending');
    await final;
    expect(seen).to.deep.equal([false, false, true, true, false, false]);
    expect(follower.reconnecting).to.equal(false);
    expect(hostUpdates, 'once on, once off: nothing in between').to.equal(2);
  });

  it('aborts when the host disconnects and resumes when it reconnects', async () => {
    const { client, log } = scriptedClient([() => update('pending')]);
    const { follower } = follow(client);
    await waitUntil(() => log.calls > 0, 'polling started');
    follower.hostDisconnected();
    const calls = log.calls;
    // Several poll intervals pass with the host away: no request goes out.
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(log.calls).to.equal(calls);
    follower.hostConnected();
    await waitUntil(() => log.calls > calls, 'polling resumed');
    follower.stop();
  });

  it('falls back to polling when the stream goes silent', async () => {
    const { client, log } = scriptedClient([() => update('paid')]);
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

  it('opens a new stream when the backend says it is shutting down, without polling', async () => {
    const { client, log } = scriptedClient([() => update('failed')]);
    const sse = (text: string) => new Response(text, { headers: { 'content-type': 'text/event-stream' } });
    const pending = `event: status\nid: 1\ndata: ${JSON.stringify(update('pending'))}\n\n`;
    // The first instance answers, then drains; the second (behind the same URL) tells of the payment.
    const answers = [() => sse(`${pending}retry: 1000\nevent: reconnect\ndata: {"reason":"shutdown"}\n\n`), () => sse(`event: status\nid: 2\ndata: ${JSON.stringify(update('paid'))}\n\n`)];
    client.openEvents = async () => answers[log.streamOpens++]!();
    const { updates, final } = follow(client, undefined, NO_POLLS);
    await final;
    expect(log.streamOpens).to.equal(2);
    expect(log.calls, 'no status poll').to.equal(0);
    expect(updates.map((u) => u.status)).to.deep.equal(['pending', 'paid']);
  });
});

/** Polls that would only come after the test has timed out: any request seen is a re-check. */
const NO_POLLS = { pollDelayMs: 600_000, slowPollDelayMs: 600_000 };

/** A stream that opens and then stays silent until aborted. */
function silentStream(signal: AbortSignal): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

const WAKE_EVENTS: [EventTarget, string][] = [
  [document, 'visibilitychange'],
  [window, 'pageshow'],
  [window, 'online'],
];

describe('StatusFollower re-checks and pacing', () => {
  it('asks for the status at once on visibilitychange, pageshow and online while polling', async () => {
    const { client, log } = scriptedClient([() => update('pending')]);
    const { follower } = follow(client, undefined, NO_POLLS);
    await log.nextCall(); // the first poll goes out at once
    expect(document.visibilityState).to.equal('visible');
    for (const [target, type] of WAKE_EVENTS) {
      await log.idle();
      const calls = log.calls;
      const called = log.nextCall();
      const sent = performance.now();
      target.dispatchEvent(new Event(type));
      await called;
      expect(log.calls, type).to.equal(calls + 1);
      expect(performance.now() - sent, type).to.be.below(500);
    }
    expect(log.maxInFlight).to.equal(1);
    follower.stop();
  });

  it('checks beside an open stream too, and stops when that check is final', async () => {
    const { client, log } = scriptedClient([() => ({ ...update('paid'), receiptUrl: 'https://momo.test/r/1' })]);
    let opened!: () => void;
    const streamOpen = new Promise<void>((resolve) => (opened = resolve));
    client.openEvents = async (signal) => {
      log.streamOpens++;
      opened();
      return silentStream(signal);
    };
    const { follower, updates, final } = follow(client, undefined, NO_POLLS);
    await streamOpen;
    await Promise.resolve();
    expect(follower.mode).to.equal('stream');
    expect(log.calls).to.equal(0);
    window.dispatchEvent(new Event('online'));
    await final;
    expect(log.calls).to.equal(1);
    expect(updates.map((u) => u.status)).to.deep.equal(['paid']);
    expect(follower.mode).to.equal('idle');
  });

  /** A stream the test writes status events into, and closes. */
  function writableStream(client: ApiClient, log: { streamOpens: number }) {
    const encoder = new TextEncoder();
    const stream = { send: undefined as ((update: StatusUpdate) => void) | undefined, close: () => {} };
    client.openEvents = async () => {
      log.streamOpens++;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          stream.send = (update) => controller.enqueue(encoder.encode(`event: status\ndata: ${JSON.stringify(update)}\n\n`));
          stream.close = () => controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    return stream;
  }

  for (const ending of ['the receipt comes', 'the backend closes the stream'] as const) {
    it(`paid without its receipt on a stream: reads on until ${ending}, then stops`, async () => {
      const { client, log } = scriptedClient([() => update('pending')]);
      const stream = writableStream(client, log);
      const { follower, updates, final } = follow(client, undefined, NO_POLLS);
      await waitUntil(() => stream.send !== undefined, 'the stream is open');
      stream.send!(update('paid'));
      await final;
      expect(follower.mode, 'still reading: the receipt may come').to.equal('stream');
      if (ending === 'the receipt comes') {
        stream.send!({ ...update('paid'), receiptUrl: 'https://momo.test/r/1' });
        await waitUntil(() => updates.length === 2, 'the receipt arrives');
        expect(updates[1]!.receiptUrl).to.equal('https://momo.test/r/1');
      } else {
        stream.close();
      }
      await waitUntil(() => follower.mode === 'idle', 'following ends');
      expect(log.calls, 'no poll after a final status').to.equal(0);
    });
  }

  it('never sends a second request while one is out, whatever the page says', async () => {
    const { client, log } = scriptedClient([() => update('pending')]);
    let release!: () => void;
    log.gate = new Promise<void>((resolve) => (release = resolve));
    const { follower } = follow(client, undefined, NO_POLLS);
    await log.nextCall();
    for (const [target, type] of WAKE_EVENTS) target.dispatchEvent(new Event(type));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log.calls).to.equal(1);
    release();
    log.gate = undefined;
    await log.idle();
    const next = log.nextCall();
    window.dispatchEvent(new Event('online'));
    await next;
    expect(log.calls).to.equal(2);
    expect(log.maxInFlight).to.equal(1);
    follower.stop();
  });

  it('listens to nothing once the host is gone', async () => {
    const { client, log } = scriptedClient([() => update('pending')]);
    const { follower } = follow(client, undefined, NO_POLLS);
    await log.nextCall();
    follower.hostDisconnected();
    for (const [target, type] of WAKE_EVENTS) target.dispatchEvent(new Event(type));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(log.calls).to.equal(1);
    follower.hostConnected(); // resumes: one request at once
    await log.nextCall();
    expect(log.calls).to.equal(2);
    follower.stop();
  });

  it('polls every pollDelayMs, then every slowPollDelayMs once throttleAfterMs has passed', async () => {
    const { client, log } = scriptedClient([...Array.from({ length: 16 }, () => () => update('pending')), () => update('paid')]);
    // Wide margins: a busy CI machine stretches the fast gaps, never shortens the slow ones.
    const { final } = follow(client, undefined, { pollDelayMs: 25, slowPollDelayMs: 400, throttleAfterMs: 300 });
    await final;
    const start = log.times[0]!;
    const gaps = log.times.slice(1).map((time, i) => time - log.times[i]!);
    const early = gaps.filter((_, i) => log.times[i]! - start < 250);
    const late = gaps.filter((_, i) => log.times[i]! - start >= 300);
    expect(early.length).to.be.greaterThan(1);
    expect(Math.min(...early)).to.be.below(400);
    expect(late.length).to.be.greaterThan(1);
    for (const gap of late) expect(gap).to.be.at.least(399);
  });

  it('backs off exponentially, with "equal jitter" drawn from Math.random', async () => {
    // After failure k: half of min(max, base × 2^k), plus Math.random() times the other half.
    const waits = (random: number) => withRandom(random, () => [1, 2, 3, 4].map((k) => backoff(k, 20, 240)));
    expect(await waits(0)).to.deep.equal([20, 40, 80, 120]);
    expect(await waits(0.5)).to.deep.equal([30, 60, 120, 180]);
    expect(await waits(1)).to.deep.equal([40, 80, 160, 240]);
  });

  it('waits the jittered back-off between failed polls', async () => {
    const fail = (): StatusUpdate => {
      throw new MomoApiError('NETWORK_ERROR', 'offline');
    };
    const { client, log } = scriptedClient([fail, fail, fail, fail, () => update('paid')]);
    // Near the top of the jitter, every wait is nearly the whole ceiling: twice what it is without jitter.
    await withRandom(0.99, async () => {
      const { final } = follow(client, undefined, { pollDelayMs: 20, maxErrorDelayMs: 240 });
      await final;
    });
    const gaps = log.times.slice(1).map((time, i) => time - log.times[i]!);
    // Rising floors prove the growth; a busy machine can only make gaps longer.
    const floors = [40, 80, 160, 240].map((ceiling) => ceiling * 0.995);
    gaps.forEach((gap, i) => {
      expect(gap, `gap ${i}`).to.be.at.least(floors[i]! - 1);
    });
  });
});

/** Runs `body` with `Math.random` answering `value`, and puts it back even if `body` fails. */
async function withRandom<T>(value: number, body: () => T | Promise<T>): Promise<T> {
  const random = Math.random;
  Math.random = () => value;
  try {
    return await body();
  } finally {
    Math.random = random;
  }
}

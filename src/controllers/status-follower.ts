import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbort, MomoApiError, parseStatusUpdate, type ApiClient } from '../core/api.js';
import { readEventStream } from '../core/sse.js';
import { isFinalStatus, type CheckoutStatus, type StatusUpdate } from '../../contract/index.js';
import { backoff } from './retry.js';

export interface FollowerTiming {
  /** Delay between status polls at first. */
  pollDelayMs: number;
  /** Delay between polls once `throttleAfterMs` has passed: a payer who hasn't paid in a minute rarely pays in the next two seconds. */
  slowPollDelayMs: number;
  throttleAfterMs: number;
  /** Upper bound of the back-off after failed polls. */
  maxErrorDelayMs: number;
  /** A stream silent for this long (no events, no heartbeats) is presumed stuck behind a buffering proxy. */
  streamSilenceMs: number;
}

export const DEFAULT_TIMING: FollowerTiming = {
  pollDelayMs: 2_000,
  slowPollDelayMs: 10_000,
  throttleAfterMs: 60_000,
  maxErrorDelayMs: 30_000,
  streamSilenceMs: 45_000,
};

/** Failed status checks in a row after which the payer is told the connection is down. */
export const RECONNECTING_AFTER_FAILURES = 2;

export interface StatusFollowerOptions {
  /** Every status the backend reports, possibly repeated; the host decides what changed. */
  onUpdate(update: StatusUpdate): void;
  /**
   * The backend refused the token (`MomoApiError.tokenRefused`), or the page's Content-Security-Policy
   * refuses the status request (`CSP_BLOCKED`): no later check can succeed. Following stops.
   * A refusal that carries the checkout's final status (`finalUpdate`) goes to `onUpdate` instead.
   */
  onFatal?(error: MomoApiError): void;
  timing?: Partial<FollowerTiming>;
}

export type FollowMode = 'idle' | 'stream' | 'polling';

interface Run {
  client: ApiClient;
  status: CheckoutStatus;
  stream: boolean;
  controller: AbortController;
  /** A status request is out (a poll, or a check beside the stream): its answer is the check. */
  busy?: boolean;
  /** Ends the poll loop's wait early, while it waits. */
  wake?: () => void;
  /** An event stream is being read: after `paid`, it may still bring the receipt. */
  streaming?: boolean;
}

/**
 * Paid, with no receipt yet: some providers issue it later (Mom Factura's invoice, Dollr's
 * receipt), and the backend keeps the event stream open until it comes or it stops asking.
 */
const awaitsReceipt = (update: StatusUpdate): boolean => update.status === 'paid' && !update.receiptUrl;

/** A failed check that every later one would fail alike: following it longer would retry forever. */
const isVerdict = (error: MomoApiError): boolean => error.tokenRefused || (error.code === 'CSP_BLOCKED' && !error.transient);

/** `reconnect`: the instance serving the stream is shutting down and asked for a new one (another instance takes it). */
type StreamOutcome = 'final' | 'fallback' | 'aborted' | 'reconnect';

/**
 * Follows a checkout's status until it is final (on a stream, paid goes on until its receipt
 * comes or the backend closes the stream): Server-Sent Events first (read with
 * `fetch`, so the token stays in a header), polling `/v1/session/status` when the stream can't be
 * opened or ends early. One request in flight at a time; failed checks
 * back off with jitter, and only a refused token or the page's policy refusing the status
 * request ends following (`reconnecting` says when the checks keep failing); the status is checked at once when the page becomes visible
 * again, is shown from the back-forward cache, or the browser comes back online (payers return
 * from the wallet app or the dialer); everything is aborted when the host disconnects and
 * resumed when it reconnects. Results of a superseded run are dropped.
 */
export class StatusFollower implements ReactiveController {
  /** How the status is being followed right now. */
  mode: FollowMode = 'idle';

  readonly #host: ReactiveControllerHost;
  readonly #options: StatusFollowerOptions;
  readonly #timing: FollowerTiming;
  #run: Run | undefined;
  /** A run cut short by `hostDisconnected()`, to resume on reconnection. */
  #interrupted: Run | undefined;
  #reconnecting = false;

  constructor(host: ReactiveControllerHost, options: StatusFollowerOptions) {
    this.#host = host;
    this.#options = options;
    this.#timing = { ...DEFAULT_TIMING, ...options.timing };
    host.addController(this);
  }

  /**
   * Starts following (and stops any earlier run). With a final `status` it makes a single
   * status request, so the host still receives the full update (receipt URL included).
   */
  follow(client: ApiClient, status: CheckoutStatus, { stream = true }: { stream?: boolean } = {}): void {
    this.stop();
    const run: Run = { client, status, stream: stream && !isFinalStatus(status), controller: new AbortController() };
    this.#run = run;
    // Aborting the run removes these too.
    const options = { signal: run.controller.signal };
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.check(), options);
    addEventListener('pageshow', () => this.check(), options);
    addEventListener('online', () => this.check(), options);
    void this.#follow(run);
  }

  /**
   * Asks for the status now instead of at the next poll, unless a request is already out. Beside
   * an open stream too: a stream that went quiet while the phone slept may be dead without knowing.
   */
  check(): void {
    const run = this.#run;
    if (!run || run.busy) return;
    if (run.wake) run.wake();
    else if (this.mode === 'stream') void this.#checkBesideStream(run);
  }

  /**
   * True once `RECONNECTING_AFTER_FAILURES` status checks in a row have failed, until one is
   * answered; the host is asked to update when it changes (twice per outage, whatever its length).
   */
  get reconnecting(): boolean {
    return this.#reconnecting;
  }

  /** Stops following; nothing from the stopped run reaches the host afterwards. */
  stop(): void {
    this.#interrupted = undefined;
    this.#end();
  }

  hostConnected(): void {
    const run = this.#interrupted;
    if (run) this.follow(run.client, run.status, { stream: run.stream });
  }

  hostDisconnected(): void {
    const run = this.#run;
    this.#end();
    this.#interrupted = run;
  }

  #end(): void {
    this.#run?.controller.abort();
    this.#setReconnecting(this.#run, false);
    this.#run = undefined;
    this.mode = 'idle';
  }

  #setReconnecting(run: Run | undefined, reconnecting: boolean): void {
    if (run !== this.#run || reconnecting === this.#reconnecting) return;
    this.#reconnecting = reconnecting;
    this.#host.requestUpdate();
  }

  async #follow(run: Run): Promise<void> {
    let outcome: StreamOutcome = 'fallback';
    if (run.stream) {
      outcome = await this.#stream(run);
      // One new stream per shutdown hint: a change made in between is in its first event.
      while (outcome === 'reconnect') outcome = await this.#stream(run);
    }
    if (outcome === 'fallback') await this.#poll(run);
  }

  /**
   * Hands an update to the host unless the run was superseded. True when following is over: the
   * status is final (on a stream, paid without its receipt is over once the stream ends).
   */
  #deliver(run: Run, update: StatusUpdate): boolean {
    if (run !== this.#run) return true;
    run.status = update.status;
    const done = isFinalStatus(update.status) && !(run.streaming && awaitsReceipt(update));
    if (done) this.#end();
    this.#options.onUpdate(update);
    return done;
  }

  #fail(run: Run, error: MomoApiError): void {
    if (run !== this.#run) return;
    this.#end();
    // The token is over, but the backend said how the checkout ended: an update like any other.
    if (error.finalUpdate) this.#options.onUpdate(error.finalUpdate);
    else this.#options.onFatal?.(error);
  }

  async #checkBesideStream(run: Run): Promise<void> {
    run.busy = true;
    try {
      this.#deliver(run, await run.client.getStatus(run.controller.signal));
    } catch {
      // The stream, or the polling that replaces it, carries on.
    } finally {
      run.busy = false;
    }
  }

  async #stream(run: Run): Promise<StreamOutcome> {
    const runSignal = run.controller.signal;
    // The stream gets its own controller so the silence watchdog can close just the stream.
    const streamController = new AbortController();
    const abortStream = (): void => streamController.abort();
    runSignal.addEventListener('abort', abortStream, { once: true });
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const resetWatchdog = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(abortStream, this.#timing.streamSilenceMs);
    };
    try {
      resetWatchdog();
      const response = await run.client.openEvents(streamController.signal);
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !type.startsWith('text/event-stream') || !response.body) {
        void response.body?.cancel().catch(() => {});
        return 'fallback';
      }
      if (run === this.#run) this.mode = 'stream';
      run.streaming = true;
      for await (const event of readEventStream(response.body, resetWatchdog)) {
        if (event.event === 'reconnect') return runSignal.aborted ? 'aborted' : 'reconnect';
        if (event.event !== 'status') continue;
        let update: StatusUpdate;
        try {
          update = parseStatusUpdate(JSON.parse(event.data));
        } catch {
          console.warn('[momo-checkout] ignored an unreadable status event:', event.data);
          continue;
        }
        if (this.#deliver(run, update)) return 'final';
      }
      if (runSignal.aborted) return 'aborted';
      // Paid, and the backend has closed the stream: the receipt came, or it stopped asking.
      if (isFinalStatus(run.status) && run === this.#run) {
        this.#end();
        return 'final';
      }
      return 'fallback'; // the stream ended before a final status
    } catch (error) {
      if (runSignal.aborted) return 'aborted';
      if (!(isAbort(error) || error instanceof MomoApiError || error instanceof TypeError)) throw error;
      return 'fallback'; // network error, or the watchdog closed a silent stream
    } finally {
      run.streaming = false;
      clearTimeout(watchdog);
      runSignal.removeEventListener('abort', abortStream);
    }
  }

  async #poll(run: Run): Promise<void> {
    const { signal } = run.controller;
    const { pollDelayMs, slowPollDelayMs, throttleAfterMs, maxErrorDelayMs } = this.#timing;
    if (run === this.#run) this.mode = 'polling';
    const startedAt = Date.now();
    let failures = 0;
    // The first poll goes out at once: a stream that just broke may have missed a change.
    let delay = 0;
    while (!signal.aborted) {
      if (delay > 0 && !(await sleep(delay, signal, (wake) => (run.wake = wake)))) return;
      run.wake = undefined;
      run.busy = true;
      // Network failures are data here, not exceptions.
      const result = await run.client.getStatus(signal).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      run.busy = false;
      if (signal.aborted) return;
      if (!result.ok) {
        const { error } = result;
        if (!(error instanceof MomoApiError)) throw error;
        // The session was loaded moments ago: anything short of a refused token or the page's own
        // policy refusing the status path (a proxy's or firewall's page, a truncated answer, a
        // deploy's 404) is presumed to pass.
        if (isVerdict(error)) return this.#fail(run, error);
        if (++failures >= RECONNECTING_AFTER_FAILURES) this.#setReconnecting(run, true);
        delay = backoff(failures, pollDelayMs, maxErrorDelayMs);
        continue;
      }
      failures = 0;
      this.#setReconnecting(run, false);
      if (this.#deliver(run, result.value)) return;
      delay = Date.now() - startedAt >= throttleAfterMs ? slowPollDelayMs : pollDelayMs;
    }
  }
}

/** Resolves true after `ms` or when woken early, false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal, onWake: (wake: () => void) => void): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (value: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const timer = setTimeout(() => done(true), ms);
    const onAbort = (): void => done(false);
    signal.addEventListener('abort', onAbort, { once: true });
    onWake(() => done(true));
  });
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Time, injectable so tests can move it. */
export interface Clock {
  now(): number;
  /** Calls `callback` once after `ms`; the returned function cancels it. */
  after(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

export interface CountdownOptions {
  /** The ISO instant to count down to, or `undefined` when there is nothing to count (loading, final). */
  deadline(): string | undefined;
  /** Called once when the count reaches zero while ticking. */
  onEnd?(): void;
  clock?: Clock;
}

/**
 * Counts down to the server's `expiresAt`. The time left is read from the wall clock every
 * time, never counted in ticks, so it is right after a reload or in a throttled background tab.
 * It ticks (re-renders the host) on each whole second, only while the host is connected and
 * `deadline()` gives an instant still ahead; it stops at zero.
 */
export class Countdown implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: CountdownOptions;
  readonly #clock: Clock;
  #cancelTick: (() => void) | undefined;
  #connected = false;

  constructor(host: ReactiveControllerHost, options: CountdownOptions) {
    this.#host = host;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    host.addController(this);
  }

  /**
   * Milliseconds left (0 once past), or `undefined` when not counting. Read from the deadline now,
   * not from the last tick: a server render (which runs no controller hooks) shows it too.
   */
  get remainingMs(): number | undefined {
    const iso = this.#options.deadline();
    const deadline = iso === undefined ? NaN : Date.parse(iso);
    return Number.isNaN(deadline) ? undefined : Math.max(0, deadline - this.#clock.now());
  }

  /** True while a tick is scheduled. */
  get ticking(): boolean {
    return this.#cancelTick !== undefined;
  }

  hostConnected(): void {
    this.#connected = true;
    this.#sync();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#sync();
  }

  hostUpdate(): void {
    this.#sync();
  }

  /** Starts or stops ticking to match the deadline now. */
  #sync(): void {
    const remaining = this.remainingMs ?? 0;
    if (this.#connected && remaining > 0) {
      // On the next whole second of the time left, so the display never skips or lingers.
      this.#cancelTick ??= this.#clock.after(remaining % 1_000 || 1_000, this.#tick);
    } else {
      this.#cancelTick?.();
      this.#cancelTick = undefined;
    }
  }

  #tick = (): void => {
    this.#cancelTick = undefined;
    this.#sync();
    this.#host.requestUpdate();
    if (this.remainingMs === 0) this.#options.onEnd?.();
  };
}

/** `872_000` → `14:32`; `3_723_000` → `1:02:03`. Seconds round up: 0:00 means it is over. */
export function formatRemaining(ms: number): string {
  const seconds = Math.ceil(ms / 1_000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const hours = Math.floor(seconds / 3_600);
  const minutes = Math.floor(seconds / 60) % 60;
  return `${hours ? `${hours}:${pad(minutes)}` : minutes}:${pad(seconds % 60)}`;
}

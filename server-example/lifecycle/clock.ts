/**
 * The backend's one source of time, injected so that tests drive it instead of sleeping.
 * `now()` is milliseconds since the epoch, like `Date.now()`.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The clock's time as the store keeps it (ISO 8601, UTC). */
export const isoNow = (clock: Clock, offsetMs = 0): string => new Date(clock.now() + offsetMs).toISOString();

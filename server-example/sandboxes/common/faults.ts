/**
 * Fault injection shared by the sandboxes: the `/control/faults` routes, the schema pieces and
 * defaults of the sandboxes that call back, and the counted faults (`failNext`, `hangNext`, …)
 * that their middleware uses up one call at a time. Error bodies stay each sandbox's own.
 */
import type { Context, Hono, Next } from 'hono';
import { z } from 'zod';

export const CALLBACK_MODES = ['deliver', 'drop', 'duplicate', 'late'] as const;
export type CallbackMode = (typeof CALLBACK_MODES)[number];

export const MAX_LATE_MS = 600_000;
/** The longest a `hangNext` may hold an answer. */
export const MAX_HANG_MS = 600_000;

/** How many calls a counted fault applies to; 0 switches it off. */
export const FAULT_COUNT = z.number().int().min(0).max(10_000);

/** The next `count` calls take effect, then answer only after `ms` (a client timeout). */
export interface HangNext {
  count: number;
  ms: number;
}

/** The fault set of a sandbox that calls back; `failNext` is the provider's own. */
export interface CallbackFaults<FailNext extends { count: number }> {
  callbacks: CallbackMode;
  lateMs: number;
  failNext?: FailNext;
  hangNext?: HangNext;
}

export const DEFAULT_CALLBACK_FAULTS: Readonly<{ callbacks: CallbackMode; lateMs: number }> = { callbacks: 'deliver', lateMs: 3_000 };

/** The PUT body schema of a sandbox that calls back, around its own `failNext` schema. */
export function callbackFaultsSchema<FailNext extends z.ZodType>(failNext: FailNext) {
  return z.strictObject({
    callbacks: z.enum(CALLBACK_MODES).optional(),
    lateMs: z.number().int().min(0).max(MAX_LATE_MS).optional(),
    failNext: failNext.optional(),
    hangNext: z.strictObject({ count: FAULT_COUNT, ms: z.number().int().min(0).max(MAX_HANG_MS) }).optional(),
  });
}

/** A PUT body as the new fault set: omitted fields go back to their defaults; a count of 0 is no fault. */
export function callbackFaultsFrom<FailNext extends { count: number }>(body: {
  callbacks?: CallbackMode | undefined;
  lateMs?: number | undefined;
  failNext?: FailNext | undefined;
  hangNext?: HangNext | undefined;
}): CallbackFaults<FailNext> {
  const { callbacks, lateMs, failNext, hangNext } = body;
  return {
    callbacks: callbacks ?? DEFAULT_CALLBACK_FAULTS.callbacks,
    lateMs: lateMs ?? DEFAULT_CALLBACK_FAULTS.lateMs,
    ...(failNext && failNext.count > 0 ? { failNext: { ...failNext } } : {}),
    ...(hangNext && hangNext.count > 0 ? { hangNext: { count: hangNext.count, ms: hangNext.ms } } : {}),
  };
}

/**
 * `GET`, `PUT` (replaces the whole set) and `DELETE` (back to `defaults()`) on `/faults`.
 * `fromBody` reads the PUT body in the sandbox's own way: the new set, or its error answer.
 */
export function faultRoutes<Faults extends object>(api: Hono, state: { faults: Faults }, options: { defaults: () => Faults; fromBody: (c: Context) => Promise<Faults | Response> }): void {
  api.get('/faults', (c) => c.json(state.faults));
  api.put('/faults', async (c) => {
    const faults = await options.fromBody(c);
    if (faults instanceof Response) return faults;
    state.faults = faults;
    return c.json(state.faults);
  });
  api.delete('/faults', (c) => {
    state.faults = options.defaults();
    return c.json(state.faults);
  });
}

/** Uses up one call of a counted fault when it `applies`; the fault is removed once its count is spent. */
export function takeFault<Faults extends { [key in K]?: { count: number } }, K extends keyof Faults>(
  faults: Faults,
  key: K,
  applies: (fault: NonNullable<Faults[K]>) => boolean = () => true,
): NonNullable<Faults[K]> | undefined {
  const fault = faults[key] as NonNullable<Faults[K]> | undefined;
  if (!fault || fault.count <= 0 || !applies(fault)) return undefined;
  fault.count -= 1;
  if (fault.count === 0) delete faults[key];
  return fault;
}

/** Holds an answer (or a callback); unref'ed, so a held answer never keeps a process alive. */
export const holdFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Runs a call under `failNext` and `hangNext`. A failure without `afterProcessing` answers at
 * once and the call does nothing; with it, the call takes effect and only its answer is
 * replaced (a lost answer). A hang lets the call take effect and holds its answer for `ms`.
 */
export async function underInjectedFaults<FailNext extends { count: number; afterProcessing?: boolean }>(
  c: Context,
  next: Next,
  faults: { failNext?: FailNext; hangNext?: HangNext },
  failure: (failNext: FailNext) => Response,
): Promise<Response | undefined> {
  const failNext = takeFault(faults, 'failNext');
  if (failNext && !failNext.afterProcessing) return failure(failNext);
  const hang = takeFault(faults, 'hangNext');
  await next();
  if (hang) await holdFor(hang.ms);
  if (failNext) {
    c.res = undefined;
    c.res = failure(failNext);
  }
}

/**
 * Sends a callback under the `callbacks` fault: `send(copies)` sends each body that many times
 * in a row, `dropped` records a drop. `late` waits `lateMs` first.
 */
export async function deliverUnderFault(faults: Pick<CallbackFaults<{ count: number }>, 'callbacks' | 'lateMs'>, send: (copies: 1 | 2) => Promise<void>, dropped: () => void): Promise<void> {
  switch (faults.callbacks) {
    case 'drop':
      dropped();
      return;
    case 'duplicate':
      await send(2);
      return;
    case 'late':
      await holdFor(faults.lateMs);
      await send(1);
      return;
    case 'deliver':
      await send(1);
      return;
    default: {
      const unknown: never = faults.callbacks;
      throw new Error(`unknown callback mode ${String(unknown)}`);
    }
  }
}

/**
 * The sandboxes' one timer helper (MTN invoices and pushes, MoMo VN orders, Mom Factura
 * payments): fires when the record is due, waits again while an injected clock lags real
 * time, stops once the record is final, and survives setTimeout's 2^31-1 ms ceiling.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { DueTimers } from '../../server-example/sandboxes/common/due-timers';

interface Item {
  dueAtMs?: number;
  final: boolean;
  fired: number;
}

describe('sandbox due timers', () => {
  let clock = 0;
  const item = (dueInMs?: number): Item => ({ dueAtMs: dueInMs === undefined ? undefined : clock + dueInMs, final: false, fired: 0 });
  const timers = () =>
    new DueTimers<Item>({
      now: () => clock,
      dueAtMs: (record) => (record.final ? undefined : record.dueAtMs),
      fire: (record) => {
        record.fired += 1;
        if (clock >= record.dueAtMs!) record.final = true;
      },
    });
  /** Real time and the sandbox's clock move together unless a test says otherwise. */
  const advance = (ms: number, clockMs = ms) => {
    clock += clockMs;
    mock.timers.tick(ms);
  };

  beforeEach(() => {
    clock = 1_000_000;
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => mock.timers.reset());

  test('fires once when due, and not before', () => {
    const record = item(60_000);
    timers().arm(record);
    advance(59_999);
    assert.equal(record.fired, 0);
    advance(1);
    assert.deepEqual([record.fired, record.final], [1, true]);
    advance(10 * 60_000);
    assert.equal(record.fired, 1);
  });

  test('while the injected clock lags, it waits again for what the clock says is left, at least a second', () => {
    const record = item(60_000);
    timers().arm(record);
    advance(60_000, 59_900); // real time passed; the sandbox's clock is 100 ms short
    assert.deepEqual([record.fired, record.final], [1, false]);
    advance(999, 0);
    assert.equal(record.fired, 1);
    advance(1, 100);
    assert.deepEqual([record.fired, record.final], [2, true]);
    advance(60_000);
    assert.equal(record.fired, 2);
  });

  test('clear stops it; nothing is armed for a record that is never due', () => {
    const due = timers();
    const cleared = item(1_000);
    due.arm(cleared);
    due.clear(cleared);
    const never = item();
    due.arm(never);
    advance(60 * 60_000);
    assert.deepEqual([cleared.fired, never.fired], [0, 0]);
  });

  test("a due time past setTimeout's ceiling (~24.8 days) is waited for in steps", () => {
    const MAX_TIMER_MS = 2_147_483_647;
    const record = item(30 * 24 * 3_600_000);
    timers().arm(record);
    advance(MAX_TIMER_MS);
    assert.deepEqual([record.fired, record.final], [1, false]);
    advance(30 * 24 * 3_600_000 - MAX_TIMER_MS);
    assert.deepEqual([record.fired, record.final], [2, true]);
  });
});

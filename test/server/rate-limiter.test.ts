import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { createRateLimiter } from '../../server-example/rate-limiter';

/** Moves the mocked clock on 10 ms at a time, letting each call record its start before the next step. */
async function advance(totalMs: number) {
  for (let ms = 0; ms <= totalMs; ms += 10) {
    for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
    mock.timers.tick(10);
  }
}

test('no more than 10 calls start in any second', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  try {
    const take = createRateLimiter(10);
    const started: number[] = [];
    const calls = Array.from({ length: 25 }, () => take().then(() => started.push(Date.now())));
    await advance(2_500);
    await Promise.all(calls);
    assert.equal(started.length, 25);
    for (const at of started) {
      const inWindow = started.filter((other) => other >= at && other < at + 1_000).length;
      assert.ok(inWindow <= 10, `${inWindow} calls started within a second of ${at} ms`);
    }
  } finally {
    mock.timers.reset();
  }
});

test('a payer-waiting call starts before routine polls queued ahead of it, within the same spacing', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  try {
    const take = createRateLimiter(10);
    const order: string[] = [];
    const started = (name: string) => () => order.push(`${name}@${Date.now()}`);
    const calls = [
      ...Array.from({ length: 5 }, (_, n) => take().then(started(`poll${n + 1}`))),
      take('payer').then(started('callback')),
      take('routine').then(started('poll6')),
      take('payer').then(started('page')),
    ];
    await advance(1_000);
    await Promise.all(calls);
    assert.deepEqual(order, ['poll1@0', 'callback@100', 'page@200', 'poll2@300', 'poll3@400', 'poll4@500', 'poll5@600', 'poll6@700']);
  } finally {
    mock.timers.reset();
  }
});

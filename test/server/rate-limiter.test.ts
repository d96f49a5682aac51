import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { createRateLimiter } from '../../server-example/rate-limiter';

test('no more than 10 calls start in any second', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  try {
    const take = createRateLimiter(10);
    const started: number[] = [];
    const calls = Array.from({ length: 25 }, () => take().then(() => started.push(Date.now())));
    for (let ms = 0; ms <= 2_500; ms += 10) {
      mock.timers.tick(10);
      await Promise.resolve();
    }
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

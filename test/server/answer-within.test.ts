import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { answerWithin } from '../../server-example/http/answer-within';

test('answerWithin: the work’s result in time, its rejection in time, else the late value', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    assert.equal(await answerWithin(Promise.resolve('done'), 1_000, 'late'), 'done');
    await assert.rejects(answerWithin(Promise.reject(new Error('refused')), 1_000, 'late'), /refused/);
    const slow = answerWithin(new Promise(() => {}), 1_000, 'late');
    mock.timers.tick(1_000);
    assert.equal(await slow, 'late');
  } finally {
    mock.timers.reset();
  }
});

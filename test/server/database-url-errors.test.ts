/**
 * A DATABASE_URL the backend cannot open is a startup error naming the variable, its host and
 * database (never a password), not a driver's stack trace.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { ConfigError } from '../../server-example/config/errors';
import { openStore } from '../../server-example/store/open';

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function refusal(databaseUrl: string): Promise<ConfigError> {
  const error = await openStore({ databaseUrl, databaseFile: ':memory:' }).then(
    () => assert.fail('opened'),
    (err: unknown) => err,
  );
  assert.ok(error instanceof ConfigError, String(error));
  assert.deepEqual(
    error.problems.map((problem) => problem.variable),
    ['DATABASE_URL'],
  );
  return error;
}

test('nothing listens at DATABASE_URL: the variable, its host and database are named', async () => {
  const port = await closedPort();
  const error = await refusal(`postgres://postgres:hunter22@127.0.0.1:${port}/momo`);
  assert.match(error.message, new RegExp(`DATABASE_URL names a PostgreSQL database that cannot be opened \\(127\\.0\\.0\\.1:${port}/momo\\)`));
  assert.doesNotMatch(error.message, /hunter22/);
});

test('a role the server does not know: said in the same words', async () => {
  // The test run's PostgreSQL server (npm test needs one), with a role it has not got.
  const url = new URL(process.env.MOMO_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.username = 'no_such_role_momo';
  const error = await refusal(url.toString());
  assert.match(error.message, /role "no_such_role_momo" does not exist/);
});

test('not a PostgreSQL URL: refused before anything is opened', async () => {
  const error = await refusal('mysql://root@127.0.0.1/momo');
  assert.match(error.message, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
});

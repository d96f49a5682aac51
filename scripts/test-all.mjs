#!/usr/bin/env node
// Runs every test suite in order and ends with one line: "N passed, N failed". The server suite
// runs twice: on SQLite, then on PostgreSQL in a database made for the run and dropped after it.
// Each runner writes a machine-readable result under .tmp/results, counted here; a package check
// (publint, attw, the consumer type-checks, the tarball's install) counts as one.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import pg from 'pg';

const RESULTS = '.tmp/results';
rmSync('.tmp', { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const totals = { passed: 0, failed: 0 };
let broken = false;

/** `env` on top of this process's; a variable set to undefined is removed. */
function run(title, command, args, env = {}) {
  console.log(`\n━━ ${title}: ${[command, ...args].join(' ')}`);
  const merged = { ...process.env, ...env };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  const result = spawnSync(command, args, { stdio: 'inherit', env: merged });
  if (result.status !== 0) broken = true;
  return result.status === 0;
}

function count(title, passed, failed) {
  totals.passed += passed;
  totals.failed += failed;
  console.log(`━━ ${title}: ${passed} passed, ${failed} failed`);
}

/** A check that is one command, counted as one passed or one failed. */
function check(title, command, args) {
  const ok = run(title, command, args);
  count(title, ok ? 1 : 0, ok ? 0 : 1);
}

/** The server suite's files; PostgreSQL's own tests (`*postgres*.test.ts`) only in its run. */
function files({ withPostgresTests }) {
  return readdirSync('test/server')
    .filter((name) => name.endsWith('.test.ts') && (withPostgresTests || !name.includes('postgres')))
    .sort()
    .map((name) => `test/server/${name}`);
}

/** One node:test run, counted from its TAP output. */
function nodeTests(title, name, testFiles, env) {
  const ok = run(
    title,
    'node',
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${RESULTS}/${name}.tap`,
      ...testFiles,
    ],
    env,
  );
  const tap = existsSync(`${RESULTS}/${name}.tap`) ? readFileSync(`${RESULTS}/${name}.tap`, 'utf8') : '';
  const number = (field) => Number(new RegExp(`^# ${field} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
  count(title, number('pass'), number('fail') + number('cancelled') + (ok || tap ? 0 : 1));
}

/**
 * A fresh database for the PostgreSQL run (`momo_test_<random>`), created on the server of
 * MOMO_TEST_POSTGRES_ADMIN (default: the local one, trust auth) and dropped afterwards, even when
 * the run fails. Undefined, said loudly, when PostgreSQL cannot be reached.
 */
async function createTestDatabase() {
  const admin = process.env.MOMO_TEST_POSTGRES_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `momo_test_${randomBytes(6).toString('hex')}`;
  const onAdmin = async (sql) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  try {
    await onAdmin(`CREATE DATABASE ${name}`);
  } catch (err) {
    console.error(`\n━━ server tests (PostgreSQL): cannot create a test database on ${new URL(admin).host}: ${err.message}`);
    broken = true;
    return undefined;
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  console.log(`\n━━ PostgreSQL test database ${name}`);
  return {
    url: url.toString(),
    drop: () => onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((err) => console.error(`could not drop ${name}: ${err.message}`)),
  };
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

const steps = [
  () => run('typecheck', 'npx', ['tsc', '--noEmit']),
  () => run('lint and format (Biome)', 'npx', ['biome', 'ci', '.']),
  () => run('build', 'npx', ['vite', 'build']),
  () => run('size', 'node', ['scripts/size.mjs']),
  // The package as an app gets it (from the build above): its package.json, its types in each
  // resolution mode, typed use from React, Vue and TypeScript, and the installed tarball.
  () => check('package.json and exports (publint)', 'npx', ['publint', '--strict']),
  // Every mode, node10 (typesVersions) included. The one rule ignored says `require()` meets ESM,
  // which an ESM-only package always is; node16-from-CJS is still checked for everything else.
  () => check('types per resolution mode (attw)', 'npx', ['attw', '--pack', '--ignore-rules', 'cjs-resolves-to-esm']),
  () => check('consumer type-checks', 'node', ['scripts/check-consumers.mjs']),
  () => check('installing the packed tarball (npm pack, npm install, Vite)', 'node', ['scripts/pack-check.mjs']),
  () => nodeTests('server tests (SQLite)', 'server-sqlite', files({ withPostgresTests: false }), { DATABASE_URL: undefined, MOMO_TEST_POSTGRES: undefined }),
  async () => {
    const database = await createTestDatabase();
    if (!database) return count('server tests (PostgreSQL)', 0, 1);
    try {
      nodeTests('server tests (PostgreSQL)', 'server-postgres', files({ withPostgresTests: true }), { DATABASE_URL: undefined, MOMO_TEST_POSTGRES: database.url });
    } finally {
      await database.drop();
    }
  },
  // One sandboxes process and three instances on one PostgreSQL database (each test makes its own).
  () => {
    const files = readdirSync('test/multi-instance')
      .filter((name) => name.endsWith('.test.ts'))
      .sort()
      .map((name) => `test/multi-instance/${name}`);
    nodeTests('multi-instance tests (PostgreSQL)', 'multi-instance', files, { DATABASE_URL: undefined, MOMO_TEST_POSTGRES: undefined });
  },
  () => {
    const ok = run('browser tests (@web/test-runner, Chromium)', 'npm', ['run', '--silent', 'test:browser']);
    const result = readJson(`${RESULTS}/browser.json`);
    count('browser tests', result?.passed ?? 0, (result?.failed ?? 0) + (ok || result ? 0 : 1));
  },
  () => {
    const ok = run('end-to-end tests (Playwright, Chromium)', 'npx', ['playwright', 'test']);
    const stats = readJson(`${RESULTS}/e2e.json`)?.stats;
    count('end-to-end tests', (stats?.expected ?? 0) + (stats?.flaky ?? 0), (stats?.unexpected ?? 0) + (ok || stats ? 0 : 1));
  },
];

// Ctrl-C ends the suite after the step it is in, and the PostgreSQL test database is still dropped.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (interrupted = true));
for (const step of steps) {
  if (interrupted) break;
  await step();
}
if (interrupted) broken = true;

if (broken && totals.failed === 0) totals.failed = 1;
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(broken || totals.failed > 0 ? 1 : 0);

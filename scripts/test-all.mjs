#!/usr/bin/env node
// Runs every test suite in order and ends with one line: "N passed, N failed".
// Each runner writes a machine-readable result under .tmp/results, counted here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const RESULTS = '.tmp/results';
rmSync('.tmp', { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

const totals = { passed: 0, failed: 0 };
let broken = false;

function run(title, command, args, env = {}) {
  console.log(`\n━━ ${title}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) broken = true;
  return result.status === 0;
}

function count(title, passed, failed) {
  totals.passed += passed;
  totals.failed += failed;
  console.log(`━━ ${title}: ${passed} passed, ${failed} failed`);
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

const steps = [
  () => run('typecheck', 'npx', ['tsc', '--noEmit']),
  () => run('lint and format (Biome)', 'npx', ['biome', 'ci', '.']),
  () => run('build', 'npx', ['vite', 'build']),
  () => run('size', 'node', ['scripts/size.mjs']),
  () => {
    const files = readdirSync('test/server')
      .filter((name) => name.endsWith('.test.ts'))
      .sort()
      .map((name) => `test/server/${name}`);
    const ok = run('server tests (node:test)', 'node', [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${RESULTS}/server.tap`,
      ...files,
    ]);
    const tap = existsSync(`${RESULTS}/server.tap`) ? readFileSync(`${RESULTS}/server.tap`, 'utf8') : '';
    const number = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
    count('server tests', number('pass'), number('fail') + number('cancelled') + (ok || tap ? 0 : 1));
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

for (const step of steps) step();

if (broken && totals.failed === 0) totals.failed = 1;
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(broken || totals.failed > 0 ? 1 : 0);

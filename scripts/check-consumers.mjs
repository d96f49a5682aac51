#!/usr/bin/env node
/**
 * Uses the built package as apps would (run `npx vite build` first). It packs the package with
 * `npm pack`, so only the files it publishes are used, and installs them into a throw-away copy of
 * each project in test/consumers/. Beside the package go its dependencies and only what that app
 * would have installed: no React or Vue types for the plain TypeScript project. A project with a
 * package.json of its own (react18: React 18, not this repository's 19; lit32: an app on lit 3.2.1)
 * gets the tarball added to it and `npm install`s everything from the registry, as an app would.
 * Each project is type-checked through the package's `exports`, then the package is imported in
 * Node, also under the `browser` condition that edge and worker bundles resolve; react18 also
 * server-renders the wrapper and mounts it in Chromium, and lit32 checks it has one lit. Prints one line per check, then `N passed, N failed`, and exits 1 when a
 * check failed. `KEEP_CONSUMERS=1` keeps the projects (their directory is printed) to look into a
 * failure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const node = (...args) => [process.execPath, ...args];
const tool = (path, ...args) => node(join(root, 'node_modules', path), ...args);
const importing = (specifier, ...flags) => node(...flags, '--input-type=module', '--eval', `await import(${JSON.stringify(specifier)})`);

/** Each project in test/consumers/: what it has installed besides the package, and its checks. */
const CONSUMERS = [
  {
    name: 'react',
    installed: ['react', 'react-dom', '@types/react', '@types/react-dom'],
    checks: [
      ['tsc: <momo-checkout> in React 19 JSX, and momo-checkout/react', tool('typescript/bin/tsc', '-p', 'tsconfig.json')],
      ["node: import 'momo-checkout/react' (server rendering)", importing('momo-checkout/react')],
      ["node --conditions=browser: import 'momo-checkout/react'", importing('momo-checkout/react', '--conditions=browser')],
    ],
  },
  {
    name: 'react18',
    fromRegistry: true,
    checks: [
      ['tsc: momo-checkout/react under React 18 types', tool('typescript/bin/tsc', '-p', 'tsconfig.json')],
      ["node: import 'momo-checkout/react' under React 18", importing('momo-checkout/react')],
      ['node: renderToString(<MomoCheckout>) with react-dom 18', node('server-render.mjs')],
      ['chromium: React 18 mounts the wrapper: token set as a property, onPaid called on momo-paid', tool('tsx/dist/cli.mjs', 'browser.mjs', root)],
    ],
  },
  {
    name: 'lit32',
    fromRegistry: true,
    checks: [
      ['node: an app on lit 3.2.1 has one lit, and the element extends its LitElement', node('one-lit.mjs')],
      ["tsc: the package's types against lit 3.2.1's", tool('typescript/bin/tsc', '-p', 'tsconfig.json')],
      ["node --conditions=browser: import 'momo-checkout/define' on lit 3.2.1", importing('momo-checkout/define', '--conditions=browser')],
    ],
  },
  {
    name: 'vue',
    installed: ['vue'],
    checks: [['vue-tsc: <momo-checkout> in a Vue 3 template (strictTemplates)', tool('vue-tsc/bin/vue-tsc.js', '-p', 'tsconfig.json')]],
  },
  {
    name: 'plain',
    installed: [],
    checks: [
      ['tsc: typed events under nodenext, strict, no skipLibCheck, no React or Vue types', tool('typescript/bin/tsc', '-p', 'tsconfig.json')],
      ["node: import 'momo-checkout/define'", importing('momo-checkout/define')],
      ["node --conditions=browser: import 'momo-checkout'", importing('momo-checkout', '--conditions=browser')],
      ["node --conditions=browser: import 'momo-checkout/define'", importing('momo-checkout/define', '--conditions=browser')],
      ["node --conditions=browser: import 'momo-checkout/iife'", importing('momo-checkout/iife', '--conditions=browser')],
    ],
  },
];

/** `name` from this repository's node_modules, linked into `dir`'s, as an install would put it there. */
function link(dir, name) {
  const target = join(dir, 'node_modules', name);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(join(root, 'node_modules', name), target, 'dir');
}

/** Runs one check in `dir` and prints its line (and its output when it failed); true when it passed. */
function check(dir, label, [command, ...args]) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8' });
  const ok = result.status === 0;
  const ms = Math.round(performance.now() - started);
  console.log(`${ok ? '✔' : '✘'} ${label} (${ms} ms)`);
  if (!ok) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim();
    // A stack trace through minified code quotes whole lines of it: keep the start of each.
    console.log(
      output
        .split('\n')
        .map((line) => `    ${line.length > 240 ? `${line.slice(0, 240)}…` : line}`)
        .join('\n'),
    );
  }
  return ok;
}

if (!existsSync(join(root, 'dist/types')) || !existsSync(join(root, 'dist/lib'))) {
  console.error('check-consumers: no dist/ to pack: run `npx vite build` first.');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'momo-consumers-'));
let passed = 0;
let failed = 0;
try {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' }));
  const tarball = join(scratch, packed.filename);
  for (const consumer of CONSUMERS) {
    const dir = join(scratch, consumer.name);
    cpSync(join(root, 'test/consumers', consumer.name), dir, { recursive: true });
    if (consumer.fromRegistry) {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      manifest.dependencies = { ...manifest.dependencies, [pkg.name]: `file:${tarball}` };
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      const install = ['npm', 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'];
      if (check(dir, `${consumer.name}: npm install (its package.json and the tarball, from the registry)`, install)) passed++;
      else {
        // Nothing to check without its packages.
        failed++;
        continue;
      }
    } else {
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `consumer-${consumer.name}`, private: true, type: 'module' }, null, 2)}\n`);
      const installed = join(dir, 'node_modules', pkg.name);
      mkdirSync(installed, { recursive: true });
      execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
      for (const name of [...Object.keys(pkg.dependencies ?? {}), ...consumer.installed]) link(dir, name);
    }

    for (const [title, command] of consumer.checks) {
      if (check(dir, `${consumer.name}: ${title}`, command)) passed++;
      else failed++;
    }
  }
} finally {
  if (process.env.KEEP_CONSUMERS) console.log(`check-consumers: the projects are in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
console.log(`check-consumers: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

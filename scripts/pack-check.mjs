#!/usr/bin/env node
/**
 * Installs the package the way an app does, and fails when that goes wrong. Run after `vite build`.
 *  1. `npm pack`: the tarball holds the licence, the third-party notices and every file the
 *     exports map names, and nothing from src/, test/ or the reference backend.
 *  2. Each shipped file's banner names the packages bundled into it (read from its source map),
 *     and THIRD-PARTY-NOTICES holds each one's licence text as that package ships it.
 *  3. A throw-away project depends on the tarball: `npm install` (from the registry, for lit)
 *     brings the runtime dependencies and none of the packages only the bundles use. Without
 *     React there, nothing React's comes either:
 *     not react (an optional peer), nor `@lit/react` (bundled into react.js) and its peer `@types/react`.
 *  4. Vite, the project's own (so nothing else is installed), builds a page of that project that
 *     imports `momo-checkout/define`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const failures = [];

function check(ok, message) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) failures.push(message);
}

function npm(args, cwd) {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** `name` → its package.json, in `node_modules` (the project's, unless told). */
function manifest(name, nodeModules = join(root, 'node_modules')) {
  return JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8'));
}

/** Every file path a value of the exports map names (conditions nested or not). */
function exportTargets(value) {
  if (typeof value === 'string') return [value.replace(/^\.\//, '')];
  return Object.values(value ?? {}).flatMap(exportTargets);
}

/** The packages whose code a shipped file holds, from its source map's sources. */
function bundledInto(file) {
  const { sources } = JSON.parse(readFileSync(join(root, `${file}.map`), 'utf8'));
  const names = sources.flatMap((source) => /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1] ?? []);
  return [...new Set(names)].sort();
}

/** A package's licence text as it ships it (LICENSE, license, LICENSE.md…), code fences dropped. */
function licenceText(name) {
  const dir = join(root, 'node_modules', name);
  const file = readdirSync(dir).find((entry) => /^licen[cs]e/i.test(entry));
  return file === undefined ? undefined : readFileSync(join(dir, file), 'utf8').replace(/```/g, '');
}

const words = (text) => text.replace(/\s+/g, ' ').trim();

/** `name` and every package it depends on, as installed in the project. */
function dependencyTree(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dependency of Object.keys(manifest(name).dependencies ?? {})) dependencyTree(dependency, seen);
  return seen;
}

/** The names of the packages installed under `nodeModules`, nested ones included. */
function installed(nodeModules, names = new Set()) {
  if (!existsSync(nodeModules)) return names;
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const scoped = entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((name) => `${entry}/${name}`) : [entry];
    for (const name of scoped) {
      names.add(name);
      installed(join(nodeModules, name, 'node_modules'), names);
    }
  }
  return names;
}

const work = mkdtempSync(join(tmpdir(), 'momo-pack-check-'));
try {
  // 1. The tarball.
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], root));
  const tarball = join(work, packed.filename);
  const files = new Set(packed.files.map((file) => file.path));
  const required = ['package.json', 'README.md', 'LICENSE', 'THIRD-PARTY-NOTICES', 'dist/lib/momo-checkout.iife.js.map', ...exportTargets(pkg.exports), pkg.unpkg.replace(/^\.\//, '')];
  for (const file of new Set(required)) check(files.has(file), `the tarball holds ${file}`);
  const strays = [...files].filter((file) => /^(src|test|server-example|demo|scripts|contract)\//.test(file));
  check(strays.length === 0, `the tarball holds no sources, tests or backend${strays.length ? `: ${strays.slice(0, 5).join(', ')}…` : ''}`);

  // 2. Banners and notices, for the files that bundle third-party code.
  const notices = words(readFileSync(join(root, 'THIRD-PARTY-NOTICES'), 'utf8'));
  for (const file of ['dist/lib/momo-checkout.iife.js', 'dist/lib/momo-checkout.hydrate.iife.js', 'dist/lib/momo-checkout.js', 'dist/lib/react.js', 'dist/lib/server.js']) {
    const bundled = bundledInto(file);
    const banner = readFileSync(join(root, file), 'utf8').split('\n', 1)[0];
    check(banner.startsWith(`/*! ${pkg.name} ${pkg.version} | ${pkg.license}`), `${file} opens with a licence banner`);
    // A file that bundles nothing has no notices to point to.
    if (bundled.length > 0) check(banner.includes('THIRD-PARTY-NOTICES'), `${file}'s banner points to THIRD-PARTY-NOTICES`);
    for (const name of bundled) {
      const text = licenceText(name);
      check(new RegExp(`[ (,]${name.replace(/[/.]/g, '\\$&')}[,) ]`).test(banner), `${file}'s banner names ${name}, bundled into it`);
      check(text !== undefined && notices.includes(words(text)), `THIRD-PARTY-NOTICES holds ${name}'s licence text`);
    }
  }

  // 3. Installing the tarball in a project of its own.
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'momo-consumer', private: true, type: 'module', dependencies: { [pkg.name]: `file:${tarball}` } }));
  npm(['install', '--no-audit', '--no-fund', '--loglevel=error'], app);
  const present = installed(join(app, 'node_modules'));
  for (const name of Object.keys(pkg.dependencies)) check(present.has(name), `installing the tarball installs ${name} (a dependency)`);
  // What the ESM build bundles (qrcode…) is no dependency, nor anything only those packages need.
  const bundled = bundledInto('dist/lib/momo-checkout.js');
  const bundledOnly = new Set(bundled.flatMap((name) => [...dependencyTree(name)]));
  for (const name of Object.keys(pkg.dependencies).filter((name) => !bundled.includes(name))) for (const needed of dependencyTree(name)) bundledOnly.delete(needed);
  const extra = [...bundledOnly].filter((name) => present.has(name));
  const verdict = extra.length ? `; installed: ${extra.join(', ')}` : '';
  check(extra.length === 0, `installing the tarball installs none of the packages only bundled (${[...bundledOnly].sort().join(', ') || 'none'})${verdict}`);
  // An app without React: the wrapper's maker and React's types (and theirs, csstype) stay out of it.
  for (const name of ['react', '@lit/react', '@types/react', 'csstype']) check(!present.has(name), `installing the tarball without React installs no ${name}`);
  check(manifest(pkg.name, join(app, 'node_modules')).version === pkg.version, `the project has ${pkg.name} ${pkg.version}`);

  // 4. Building a page of that project with Vite.
  writeFileSync(join(app, 'index.html'), '<!doctype html><momo-checkout token=""></momo-checkout><script type="module" src="./main.js"></script>\n');
  writeFileSync(join(app, 'main.js'), "import 'momo-checkout/define';\nconsole.log(customElements.get('momo-checkout'));\n");
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
  const assets = readdirSync(join(app, 'dist/assets')).filter((file) => file.endsWith('.js'));
  const bundle = assets.map((file) => readFileSync(join(app, 'dist/assets', file), 'utf8')).join('\n');
  check(/customElements\.define\(\s*["'`]momo-checkout["'`]/.test(bundle), "Vite builds a page importing 'momo-checkout/define': the bundle defines <momo-checkout>");
  check(!/\bfrom\s*["'`](lit|@lit\/[^"'`]+)["'`]/.test(bundle), 'the bundle holds lit (no bare import left)');
} catch (err) {
  check(false, `the check ran to its end (${err.message})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(failures.length === 0 ? '\npack check: all passed' : `\npack check: ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);

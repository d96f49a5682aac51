import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Importing the built package on a server must never throw, and must do nothing there: edge and
 * worker bundles resolve it (and lit) under the `browser` condition, where lit's browser build
 * expects a DOM. Each import runs in a fresh `node --conditions=browser` (no DOM), which reports
 * the DOM globals, the globals added and the fetches made by the import. Needs `vite build`
 * first (npm test runs it).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const iife = `${root}dist/lib/momo-checkout.iife.js`;

/** Every `.js` file the package's exports map points at, the IIFE included. */
function exportedScripts(): string[] {
  const { exports } = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { exports: unknown };
  const targets = (value: unknown): string[] => (typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(targets) : []);
  return [...new Set(targets(exports).filter((target) => target.endsWith('.js')))].map((target) => `${root}${target.slice(2)}`);
}

interface Seen {
  dom: { document: string; HTMLElement: string; customElements: string };
  added: string[];
  fetched: string[];
}

/** Stubs fetch, loads with `load`, then prints what it finds afterwards (a `Seen`). */
const probe = (load: string): string => `
  const fetched = [];
  globalThis.fetch = (input) => { fetched.push(String(input)); return new Promise(() => {}); };
  const before = new Set(Reflect.ownKeys(globalThis));
  ${load};
  const added = Reflect.ownKeys(globalThis).filter((key) => !before.has(key)).map(String);
  const dom = { document: typeof document, HTMLElement: typeof HTMLElement, customElements: typeof customElements };
  process.stdout.write(JSON.stringify({ dom, added, fetched }));
`;

/** Runs `node --conditions=browser …args`; exits 0 with nothing on stderr, and returns what it saw. */
function seenBy(args: string[]): Seen {
  const { status, stdout, stderr } = spawnSync(process.execPath, ['--conditions=browser', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  assert.equal(stderr, '');
  assert.equal(status, 0);
  return JSON.parse(stdout) as Seen;
}

const noDom = { document: 'undefined', HTMLElement: 'undefined', customElements: 'undefined' };

describe('importing the package on a server (node --conditions=browser)', () => {
  const scripts = existsSync(iife) ? exportedScripts() : [];

  it('finds the built entries (run `vite build` first)', () => {
    assert.ok(existsSync(iife), `${iife} is missing`);
    for (const entry of ['define.js', 'momo-checkout.js', 'momo-checkout.iife.js']) {
      assert.ok(
        scripts.some((script) => script.endsWith(`/dist/lib/${entry}`)),
        `package.json exports no dist/lib/${entry}`,
      );
    }
    for (const script of scripts) assert.ok(existsSync(script), `${script} is missing`);
  });

  // No DOM global may be left behind, and nothing is fetched. lit adds its own version globals,
  // but where there is no DOM the script-tag build stops before lit loads: it adds no global at all.
  for (const script of scripts) {
    it(`import() of ${script.slice(root.length)} neither throws, nor leaves a DOM global, nor fetches`, () => {
      const { dom, added, fetched } = seenBy(['--input-type=module', '-e', probe(`await import(${JSON.stringify(pathToFileURL(script).href)})`)]);
      assert.deepEqual({ dom, fetched }, { dom: noDom, fetched: [] });
      if (script === iife) assert.deepEqual(added, []);
    });
  }

  it('require() of the IIFE does nothing', () => {
    assert.deepEqual(seenBy(['--input-type=commonjs', '-e', probe(`require(${JSON.stringify(iife)})`)]), { dom: noDom, added: [], fetched: [] });
  });

  it('the IIFE run as a classic script (as a <script> tag runs it) does nothing', () => {
    const classic = `require('node:vm').runInThisContext(require('node:fs').readFileSync(${JSON.stringify(iife)}, 'utf8'))`;
    assert.deepEqual(seenBy(['--input-type=commonjs', '-e', probe(classic)]), { dom: noDom, added: [], fetched: [] });
  });
});

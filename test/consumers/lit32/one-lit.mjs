// An app on lit 3.2.1 gets one lit: the package takes the app's copy (no lit of its own under
// node_modules/momo-checkout), and its element extends the app's LitElement.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LIT_PACKAGES = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element'];

/** Every installed copy of `name` under `dir`'s node_modules, at any depth. */
function copies(dir, name) {
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) return [];
  const found = existsSync(join(modules, name, 'package.json')) ? [join(modules, name)] : [];
  for (const entry of readdirSync(modules)) {
    const scoped = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((inner) => `${entry}/${inner}`) : [entry];
    for (const installed of scoped) found.push(...copies(join(modules, installed), name));
  }
  return found;
}

const { version } = JSON.parse(readFileSync('node_modules/lit/package.json', 'utf8'));
assert.equal(version, '3.2.1', `the app's lit is ${version}`);
for (const name of LIT_PACKAGES) {
  const found = copies('.', name);
  assert.deepEqual(found, [join('node_modules', name)], `one ${name}, at the top; found: ${found.join(', ')}`);
}

const { LitElement } = await import('lit');
const { MomoCheckout } = await import('momo-checkout');
assert.ok(MomoCheckout.prototype instanceof LitElement, "MomoCheckout extends the app's LitElement");

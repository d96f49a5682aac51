import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

/**
 * custom-elements.json, made by the same command `vite build` runs (custom-elements-manifest.config.mjs),
 * here into a scratch directory: it describes `<momo-checkout>` from the element's JSDoc, as
 * IDEs and Storybook read it, and package.json points at the file the build writes.
 */
interface Named {
  name: string;
  description?: string;
}
interface Declaration extends Named {
  kind: string;
  tagName?: string;
  customElement?: boolean;
  members?: (Named & { kind: string; privacy?: string })[];
  attributes?: (Named & { fieldName?: string })[];
  events?: (Named & { type?: { text: string } })[];
  cssParts?: Named[];
  cssProperties?: (Named & { default?: string })[];
}
interface Manifest {
  modules: { path: string; declarations: Declaration[]; exports?: { kind: string; name: string; declaration: { module: string } }[] }[];
}

const names = (list: Named[] | undefined) => (list ?? []).map(({ name }) => name);
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []));

describe('custom-elements.json', () => {
  let scratch: string;
  let manifest: Manifest;
  let element: Declaration;

  before(() => {
    mkdirSync('.tmp', { recursive: true });
    scratch = mkdtempSync('.tmp/cem-');
    execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--outdir', relative(process.cwd(), scratch)]);
    manifest = JSON.parse(readFileSync(join(scratch, 'custom-elements.json'), 'utf8')) as Manifest;
    const found = manifest.modules.flatMap((module) => module.declarations).find((declaration) => declaration.tagName === 'momo-checkout');
    assert.ok(found, 'a declaration with tagName momo-checkout');
    element = found;
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('is the file package.json announces and publishes', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { customElements: string; files: string[] };
    const config = (await import(pathToFileURL('custom-elements-manifest.config.mjs').href)) as { default: { outdir: string } };
    assert.equal(pkg.customElements, `${config.default.outdir}/custom-elements.json`);
    assert.ok(pkg.files.includes(pkg.customElements));
  });

  it('declares <momo-checkout> in the published ESM files', () => {
    assert.equal(element.name, 'MomoCheckout');
    assert.equal(element.customElement, true);
    const home = manifest.modules.find((module) => module.declarations.includes(element))!;
    assert.equal(home.path, 'dist/lib/momo-checkout.js');
    const define = manifest.modules.find((module) => module.path === 'dist/lib/define.js');
    const definition = define?.exports?.find((entry) => entry.kind === 'custom-element-definition');
    assert.deepEqual(definition && { name: definition.name, module: definition.declaration.module }, { name: 'momo-checkout', module: 'dist/lib/momo-checkout.js' });
  });

  it('lists the attributes token, locale and prefer first, each described and with its property, and no internal state', () => {
    const attributes = names(element.attributes);
    assert.deepEqual(attributes.slice(0, 3), ['token', 'locale', 'prefer']);
    for (const attribute of element.attributes!) {
      // `pay-action` ↔ `payAction`: a dashed attribute names its camel-cased property.
      assert.equal(
        attribute.fieldName,
        attribute.name.replace(/-(\w)/g, (_, char: string) => char.toUpperCase()),
      );
      assert.ok(attribute.description, `${attribute.name} is described`);
    }
    const members = element.members ?? [];
    const fields = names(members.filter((member) => member.kind === 'field'));
    for (const name of [...element.attributes!.map((attribute) => attribute.fieldName!), 'status']) assert.ok(fields.includes(name), `property ${name}`);
    // Lit's `state: true` properties (`_state`) and #private members stay out.
    assert.ok(
      members.every((member) => member.privacy !== 'private' && !/^[_#]/.test(member.name)),
      names(members).join(', '),
    );
  });

  it('lists every event of MomoEventMap, described', () => {
    const events = readFileSync('src/core/events.ts', 'utf8');
    const map = /interface MomoEventMap \{([^}]*)\}/.exec(events)?.[1] ?? '';
    const declared = [...map.matchAll(/'(momo-[a-z-]+)'/g)].map((match) => match[1]);
    assert.ok(declared.includes('momo-paid') && declared.includes('momo-status'), 'read MomoEventMap');
    assert.deepEqual(names(element.events).sort(), declared.sort());
    assert.ok(element.events!.every((event) => event.description));
  });

  it('gives each event the type MomoEventMap gives it', () => {
    const map = /interface MomoEventMap \{([^}]*)\}/.exec(readFileSync('src/core/events.ts', 'utf8'))?.[1] ?? '';
    const declared = Object.fromEntries([...map.matchAll(/'(momo-[a-z-]+)': (CustomEvent<\w+>);/g)].map((match) => [match[1], match[2]]));
    assert.equal(declared['momo-paid'], 'CustomEvent<StatusUpdate>', 'read MomoEventMap');
    assert.deepEqual(Object.fromEntries(element.events!.map((event) => [event.name, event.type?.text])), declared);
  });

  it('lists every part the templates use, and no other', () => {
    const used = new Set(sourceFiles('src').flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bpart="([^"$]+)"/g)].flatMap((match) => match[1]!.split(/\s+/))));
    assert.ok(used.has('card') && used.has('ussd-code'), 'read the templates');
    assert.deepEqual(names(element.cssParts).sort(), [...used].sort());
    assert.ok(element.cssParts!.every((part) => part.description));
  });

  it('lists the --momo-* custom properties, described', () => {
    const properties = names(element.cssProperties);
    for (const name of ['--momo-color-brand', '--momo-color-text', '--momo-color-background', '--momo-font-family', '--momo-radius']) {
      assert.ok(properties.includes(name), name);
    }
    assert.ok(element.cssProperties!.every((property) => property.name.startsWith('--momo-') && property.description));
  });

  it("gives each --momo-* custom property the light theme's default, as the styles have it", () => {
    const theme = readFileSync('src/styles/theme.css.ts', 'utf8');
    const light = /export const light: Colors = \{([^}]*)\}/.exec(theme)?.[1] ?? '';
    const kebab = (key: string) => key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    const fallback = (token: string) => new RegExp(`fallbackVar\\(tokens\\.${token}, '([^']+)'\\)`).exec(theme)?.[1];
    const expected: Record<string, string | undefined> = {
      ...Object.fromEntries([...light.matchAll(/(\w+): '([^']+)'/g)].map((match) => [`--momo-color-${kebab(match[1]!)}`, match[2]])),
      '--momo-font-family': fallback('font\\.family'),
      '--momo-font-family-mono': fallback('font\\.mono'),
      '--momo-radius': fallback('radius'),
      '--momo-shadow': /theme\(light, '([^']+)'/.exec(theme)?.[1],
    };
    assert.equal(expected['--momo-color-brand'], '#0f766e', 'read the light theme');
    assert.equal(expected['--momo-radius'], '14px', 'read the radius');
    assert.deepEqual(Object.fromEntries(element.cssProperties!.map((property) => [property.name, property.default])), expected);
  });
});

import { vanillaExtractPlugin } from '@vanilla-extract/vite-plugin';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type InlineConfig, type Plugin, type PluginOption } from 'vite';

/**
 * One `vite build` makes three things (and the type declarations, `dist/types/`, and the
 * custom elements manifest, `dist/custom-elements.json`):
 *  - `dist/demo/`: the demo pages (`demo/index.html` served at `/`, `demo/react/index.html` at
 *    `/react/`, …), the main build below;
 *  - `dist/lib/momo-checkout.js` + `dist/lib/define.js` + `dist/lib/react.js`: the ESM library;
 *  - `dist/lib/momo-checkout.iife.js` (+ its source map): one self-contained script that defines the tag.
 * Each library file opens with a licence banner (licenceBanner).
 * The two library builds run from the demo build's `closeBundle`, with `configFile: false`
 * so they don't recurse into this file.
 */

const root = fileURLToPath(new URL('.', import.meta.url));
const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

/**
 * The element's CSS lives in its shadow root only: each `.css.ts` is adopted as a string
 * (`…css.ts.vanilla.css?inline` + `unsafeCSS`). vanilla-extract also makes every compiled
 * `.css.ts` import its CSS for the *document*; drop those imports so no stylesheet is emitted
 * or injected into the host page (nothing there could style the shadow DOM anyway).
 */
function shadowRootCssOnly(): Plugin {
  return {
    name: 'momo:shadow-root-css-only',
    enforce: 'post',
    transform(code, id) {
      if (!/\.css\.ts$/.test(id)) return null;
      return { code: code.replace(/^import\s+['"][^'"]+\.vanilla\.css['"];?\s*$/gm, ''), map: null };
    },
  };
}

/**
 * package.json's `sideEffects` describes the published `dist/` files, but bundlers apply it
 * to `src/` too, which would drop `import './define'` (the tag definition) and the view
 * registrations. Source modules keep their side effects, as any module does by default.
 */
function sourceHasSideEffects(): Plugin {
  const srcDir = src('');
  return {
    name: 'momo:source-has-side-effects',
    enforce: 'post',
    transform(code, id) {
      return id.startsWith(srcDir) ? { code, map: null, moduleSideEffects: true } : null;
    },
  };
}

/**
 * Script-tag build only: inside `html\`…\`` templates, a line break and the indentation around it
 * become one space. HTML collapses that white space anyway (no element of ours keeps it: no
 * `<pre>`, no `white-space: pre*`), so the DOM renders the same; the bundle just stops carrying
 * the source's indentation. Other template literals (an SSE parser's `\n`, say) are left alone.
 */
function collapseTemplateWhitespace(): Plugin {
  const srcDir = src('');
  return {
    name: 'momo:collapse-template-whitespace',
    enforce: 'pre',
    transform(code, id) {
      if (!id.startsWith(srcDir) || !id.endsWith('.ts') || id.endsWith('.css.ts') || !code.includes('html`')) return null;
      return { code: collapseHtmlTemplates(code), map: null };
    },
  };
}

/** `code` with the static parts of its `html` templates collapsed (see collapseTemplateWhitespace). */
export function collapseHtmlTemplates(code: string): string {
  let out = '';
  let i = 0;
  /** Copies a template literal whose opening backtick is at `i`, up to its closing one. */
  const template = (collapse: boolean): void => {
    let start = ++i;
    const flush = (): void => {
      const part = code.slice(start, i);
      out += collapse ? part.replace(/[ \t]*\n\s*/g, ' ') : part;
    };
    out += '`';
    while (i < code.length && code[i] !== '`') {
      if (code[i] === '\\') i += 2;
      else if (code.startsWith('${', i)) {
        flush();
        out += '${';
        i += 2;
        expression();
        out += '}';
        start = ++i;
      } else i++;
    }
    flush();
    out += '`';
    i++;
  };
  /** Copies a `${…}` expression from `i` to its closing brace (left at `i`), templates inside included. */
  const expression = (): void => {
    let depth = 0;
    while (i < code.length && !(code[i] === '}' && depth === 0)) {
      const c = code[i]!;
      if (code.startsWith('//', i) || code.startsWith('/*', i)) {
        // A comment, copied whole: a backtick or quote in it opens nothing.
        const end = code.startsWith('//', i) ? code.indexOf('\n', i) : code.indexOf('*/', i) + 2;
        out += code.slice(i, end);
        i = end;
      } else if (c === '`') template(/\bhtml$/.test(code.slice(Math.max(0, i - 5), i)));
      else if (c === "'" || c === '"') {
        const end = code.indexOf(c, i + 1);
        out += code.slice(i, end + 1);
        i = end + 1;
      } else {
        if (c === '{') depth++;
        if (c === '}') depth--;
        out += c;
        i++;
      }
    }
  };
  const opening = /\bhtml`/g;
  for (let found = opening.exec(code); found; opening.lastIndex = i, found = opening.exec(code)) {
    out += code.slice(i, found.index + 4);
    i = found.index + 4;
    template(true);
  }
  out += code.slice(i);
  // Only white space may differ: anything else means the scan lost its place (a quote in a regex, say).
  if (out.replace(/\s+/g, '') !== code.replace(/\s+/g, '')) throw new Error('collapseHtmlTemplates: lost its place in a template');
  return out;
}

/** The plugins every build and the browser-test dev server share. */
export function momoPlugins(command: 'build' | 'serve'): PluginOption[] {
  return [vanillaExtractPlugin({ identifiers: command === 'build' ? 'short' : 'debug' }), shadowRootCssOnly(), sourceHasSideEffects()];
}

/** The packages (`lit`, `@lit/task`…) whose code is in a chunk, from its modules' paths. */
function bundledPackages(moduleIds: readonly string[]): string[] {
  const names = moduleIds.flatMap((id) => /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id.replaceAll('\\', '/'))?.[1] ?? []);
  return [...new Set(names)].sort();
}

/**
 * Each library file opens with its licence and what it bundles, under which licence (the texts are
 * in THIRD-PARTY-NOTICES, shipped with the package). It goes in after minification, which would drop
 * it. A bundled package missing from THIRD-PARTY-NOTICES fails the build, so none ships without its notice.
 */
function licenceBanner(): Plugin {
  const readText = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
  const { name, version, license } = JSON.parse(readText('./package.json')) as { name: string; version: string; license: string };
  // THIRD-PARTY-NOTICES heads each section with a rule, then `name, name (licence)`.
  const noticed = new Set([...readText('./THIRD-PARTY-NOTICES').matchAll(/^={10,}\n(.+) \([^)\n]+\)$/gm)].flatMap((heading) => heading[1]!.split(', ')));
  const licenceOf = (pkg: string): string => (JSON.parse(readText(`./node_modules/${pkg}/package.json`)) as { license: string }).license;
  return {
    name: 'momo:licence-banner',
    outputOptions(output) {
      const banner = (chunk: { moduleIds: string[] }): string => {
        const bundled = bundledPackages(chunk.moduleIds);
        const missing = bundled.filter((pkg) => !noticed.has(pkg));
        if (missing.length > 0) throw new Error(`THIRD-PARTY-NOTICES lacks the licence of ${missing.join(', ')}, bundled into the library`);
        const byLicence = new Map<string, string[]>();
        for (const pkg of bundled) byLicence.set(licenceOf(pkg), [...(byLicence.get(licenceOf(pkg)) ?? []), pkg]);
        const credits = [...byLicence].map(([licence, packages]) => `${packages.join(', ')} (${licence})`).join('; ');
        return `/*! ${name} ${version} | ${license}${credits ? ` | bundles ${credits}: see THIRD-PARTY-NOTICES` : ''} */`;
      };
      return { ...output, postBanner: banner };
    },
  };
}

/** A library build into dist/lib, outside this config file (so it doesn't recurse into it). */
function library(options: NonNullable<InlineConfig['build']>, plugins: PluginOption[] = []): InlineConfig {
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    plugins: [...momoPlugins('build'), licenceBanner(), ...plugins],
    build: { outDir: 'dist/lib', target: 'es2022', ...options },
  };
}

/**
 * ESM library. `lit` stays external: it is ESM, and the app's bundler should hold one copy
 * (two Lits on a page is wasteful and warned about). It bundles no package:
 * the backend encodes the QR codes (`Session.qrCodes`), so the element has no `qrcode`.
 */
const libEsm = library({
  emptyOutDir: true,
  sourcemap: true,
  lib: {
    entry: {
      'momo-checkout': src('index.ts'),
      define: src('define.ts'),
      react: src('react.ts'),
      'dom-stand-ins': src('dom-stand-ins.ts'),
      // Node only: Lit SSR (`@lit-labs/ssr`, external) and the DOM shim it needs before lit loads.
      server: src('server.ts'),
      'server-dom-shim': src('server/dom-shim.ts'),
    },
    formats: ['es'],
    fileName: (_format, name) => `${name}.js`,
  },
  rolldownOptions: {
    // React too, for the React wrapper: the app's own copy. `@lit/react` (its createComponent) is
    // bundled into react.js: as a dependency its required peer `@types/react` reached every app.
    external: [/^lit($|\/)/, /^@lit\/(?!react($|\/))/, /^@lit-labs\//, /^react($|\/)/, /^node:/],
    // Lets `momo-checkout.js` hold the code and `define.js` import it; `dom-stand-ins.js` is its own
    // chunk so that it runs before the external lit (see src/dom-stand-ins.ts).
    preserveEntrySignatures: 'allow-extension',
    output: { charset: 'ascii' },
  },
});

/** Script-tag build: everything inlined (lit, the element, English, the CSS strings) in one IIFE. */
const libIife = library(
  {
    emptyOutDir: false,
    minify: true,
    // Maps the minified script back to src/ for people debugging a page that loads it.
    sourcemap: true,
    rolldownOptions: {
      // \u-escapes: the script must read right even on a page served in another charset.
      // The intro, inside the IIFE: where there is no DOM (a server), the script stops before lit loads.
      output: { charset: 'ascii', intro: "if (typeof document === 'undefined' || typeof customElements === 'undefined') return;" },
    },
    lib: {
      entry: src('iife.ts'),
      formats: ['iife'],
      name: 'MomoCheckout',
      fileName: () => 'momo-checkout.iife.js',
    },
    // The ESM build keeps its sourcemap exact, so its templates stay as written.
  },
  [collapseTemplateWhitespace()],
);

/**
 * Hydrating script-tag build, for pages rendered on the server (`momo-checkout/server`): Lit's
 * hydrate support, then the tag, in one IIFE with the script-tag build's options. Its templates
 * stay as written, as in server.js: hydration matches each template by a digest of its text.
 */
const libHydrateIife = library({
  ...libIife.build,
  lib: { entry: src('hydrate.ts'), formats: ['iife'], name: 'MomoCheckout', fileName: () => 'momo-checkout.hydrate.iife.js' },
});

function buildLibraries(): Plugin {
  return {
    name: 'momo:build-libraries',
    apply: 'build',
    async closeBundle(error?: Error) {
      if (error) return;
      await build(libEsm);
      await build(libIife);
      await build(libHydrateIife);
      // The ESM entry's type declarations (dist/types), from the same sources.
      execFileSync(process.execPath, [fileURLToPath(new URL('./node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.build.json'], {
        cwd: root,
        stdio: 'inherit',
      });
      // dist/custom-elements.json, from the element's JSDoc (custom-elements-manifest.config.mjs).
      execFileSync(process.execPath, [fileURLToPath(new URL('./node_modules/@custom-elements-manifest/analyzer/cem.js', import.meta.url)), 'analyze'], {
        cwd: root,
        stdio: 'inherit',
      });
    },
  };
}

/** Vite writes `demo/**.html` to `dist/demo/demo/`; the pages belong at the root. */
function demoAtRoot(): Plugin {
  return {
    name: 'momo:demo-at-root',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const [fileName, page] of Object.entries(bundle)) {
        if (page.type !== 'asset' || !/^demo\/.*\.html$/.test(fileName)) continue;
        delete bundle[fileName];
        this.emitFile({ type: 'asset', fileName: fileName.slice('demo/'.length), source: page.source });
      }
    },
  };
}

/**
 * The demo pages: the full demo, React 19 and Vue 3 embedding examples (no JSX or template
 * compiler: `createElement` and `h()`), and a page served under a strict Content-Security-Policy
 * that loads the script-tag build (server-example/app.ts).
 */
const DEMO_PAGES = ['index', 'react/index', 'vue/index', 'csp'];

// The project root stays the Vite root everywhere, so the root-absolute
// `/src/…css.ts.vanilla.css?inline` imports resolve the same in builds and in browser tests.
export default defineConfig(({ command }) => ({
  root,
  plugins: [...momoPlugins(command), demoAtRoot(), buildLibraries()],
  // Vue's compile-time flags for its bundler build (only the Vue demo uses it).
  define: { __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  build: {
    outDir: 'dist/demo',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: Object.fromEntries(DEMO_PAGES.map((page) => [page.replace('/index', ''), fileURLToPath(new URL(`./demo/${page}.html`, import.meta.url))])),
    },
  },
}));

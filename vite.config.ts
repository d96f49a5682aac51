import { vanillaExtractPlugin } from '@vanilla-extract/vite-plugin';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type InlineConfig, type Plugin, type PluginOption } from 'vite';

/**
 * One `vite build` makes three things (and the type declarations, `dist/types/`, and the
 * custom elements manifest, `dist/custom-elements.json`):
 *  - `dist/demo/`: the demo pages (`demo/index.html` served at `/`, `demo/react/index.html` at
 *    `/react/`, …), the main build below;
 *  - `dist/lib/momo-checkout.js` + `dist/lib/define.js`: the ESM library;
 *  - `dist/lib/momo-checkout.iife.js`: one self-contained script that defines the tag.
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

/** A library build into dist/lib, outside this config file (so it doesn't recurse into it). */
function library(options: NonNullable<InlineConfig['build']>, plugins: PluginOption[] = []): InlineConfig {
  return { configFile: false, root, logLevel: 'warn', plugins: [...momoPlugins('build'), ...plugins], build: { outDir: 'dist/lib', target: 'es2022', ...options } };
}

/**
 * ESM library. `lit` and `ky` stay external: they are ESM, and the app's bundler should hold
 * one copy of each (two Lits on a page is wasteful and warned about). `qrcode` is bundled:
 * it is CommonJS (which native-ESM consumers and import maps can't load) and only its
 * encoder core is used, ~5 KB.
 */
const libEsm = library({
  emptyOutDir: true,
  sourcemap: true,
  lib: {
    entry: { 'momo-checkout': src('index.ts'), define: src('define.ts') },
    formats: ['es'],
    fileName: (_format, name) => `${name}.js`,
  },
  rolldownOptions: {
    external: [/^lit($|\/)/, /^@lit\//, /^ky($|\/)/],
    // Lets `momo-checkout.js` hold the code and `define.js` import it, with no third chunk.
    preserveEntrySignatures: 'allow-extension',
    output: { charset: 'ascii' },
  },
});

/** Script-tag build: everything inlined (lit, ky, qrcode, the CSS strings) in one IIFE. */
const libIife = library(
  {
    emptyOutDir: false,
    minify: true,
    rolldownOptions: {
      // \u-escapes: the script must read right even on a page served in another charset.
      output: { charset: 'ascii' },
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

function buildLibraries(): Plugin {
  return {
    name: 'momo:build-libraries',
    apply: 'build',
    async closeBundle(error?: Error) {
      if (error) return;
      await build(libEsm);
      await build(libIife);
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

/**
 * Builds bench/adyen (Adyen Web's core + one QR component, and its CSS) with vite, as a merchant's
 * production build would: minified, tree-shaken, the CSS in a file of its own. Into a temporary
 * directory, with `configFile: false` so that the project's own vite.config.ts (the element's
 * builds) stays out of it.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const SOURCE = fileURLToPath(new URL('../adyen/', import.meta.url));

export interface AdyenBuild {
  dir: string;
  /** URL path (under `base`) → built file. */
  files: Map<string, string>;
}

export async function buildAdyenPage(base: string): Promise<AdyenBuild> {
  const dir = await mkdtemp(join(tmpdir(), 'momo-bench-adyen-'));
  // Vite sets NODE_ENV=production for a build when it is unset; the benches after this one start
  // backends that would read it as theirs (and refuse to start without production settings).
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ configFile: false, root: SOURCE, base, logLevel: 'warn', build: { outDir: dir, emptyOutDir: true, sourcemap: false } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    files.set(`${base}${relative(dir, file).split('\\').join('/')}`, file);
  }
  return { dir, files };
}

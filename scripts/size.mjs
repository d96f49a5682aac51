#!/usr/bin/env node
/**
 * Prints the min+gzip (zlib level 9) size of the browser builds. Run after `vite build`.
 *
 * The target for the finished element is 20 KB; lit + ky + qrcode's encoder alone take ~18 KB
 * of it (5.6 + 4.8 + 7.5), and five locales ~7 KB more, so the element is well over: a choice
 * for the people who plan (see the issue notes). Until that is settled, a ceiling stops silent growth:
 * lower it as the bundle shrinks, never raise it without saying why in the commit.
 */
import { readFile } from 'node:fs/promises';
import { gzipSync, constants } from 'node:zlib';
import { minify } from 'vite';

const IIFE_TARGET_BYTES = 20 * 1024;
const IIFE_CEILING_BYTES = 48 * 1024;

const files = [
  { path: 'dist/lib/momo-checkout.iife.js', label: 'IIFE (everything inlined)', target: IIFE_TARGET_BYTES, ceiling: IIFE_CEILING_BYTES },
  { path: 'dist/lib/momo-checkout.js', label: 'ESM entry (lit and ky external)' },
];

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
let failed = false;

for (const { path, label, target, ceiling } of files) {
  let source;
  try {
    source = await readFile(path, 'utf8');
  } catch {
    console.error(`${path}: missing; run \`vite build\` first`);
    failed = true;
    continue;
  }
  // The IIFE is minified by the build already; minifying again is a no-op for it and makes the
  // (readable, unminified) ESM entry comparable.
  const { code } = await minify(path, source, { compress: true, mangle: true });
  const gzipped = gzipSync(code, { level: constants.Z_BEST_COMPRESSION }).length;
  const overCeiling = ceiling !== undefined && gzipped > ceiling;
  failed ||= overCeiling;
  const limit = target === undefined ? '' : ` (target ${kb(target)}${gzipped > target ? `: ${kb(gzipped - target)} over` : ''}; ceiling ${kb(ceiling)}${overCeiling ? ': EXCEEDED' : ''})`;
  console.log(`${label.padEnd(34)} ${path.padEnd(34)} min ${kb(code.length).padStart(9)}  min+gzip ${kb(gzipped).padStart(9)}${limit}`);
}

process.exit(failed ? 1 : 0);

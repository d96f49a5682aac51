#!/usr/bin/env node
/**
 * Prints the size of the library files as shipped (dist/lib, as `vite build` wrote them: nothing
 * re-minified), gzip -9 and brotli (quality 11), and fails when a script-tag build's gzip size is
 * over its limit. Run after `vite build`.
 *
 * The script-tag build carries lit, the element, every view and English. Other languages come
 * with the session (the backend sends the payer's), and QR codes come encoded by the backend,
 * so nothing is fetched before the first paint that the session doesn't bring.
 */
import { readFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The script-tag build, as shipped, gzip -9. */
const IIFE_LIMIT_BYTES = 32 * 1024;

const files = [
  { path: 'dist/lib/momo-checkout.iife.js', label: 'IIFE (everything inlined)', limit: IIFE_LIMIT_BYTES },
  { path: 'dist/lib/momo-checkout.hydrate.iife.js', label: 'IIFE that hydrates server HTML', limit: IIFE_LIMIT_BYTES },
  // The ESM files ship unminified: the app's bundler minifies them.
  { path: 'dist/lib/momo-checkout.js', label: 'ESM entry (lit external)' },
  { path: 'dist/lib/define.js', label: 'ESM define (imports the entry)' },
  { path: 'dist/lib/react.js', label: 'React wrapper (imports the entry)' },
  { path: 'dist/lib/server.js', label: 'renderCheckout (Node)' },
];

const bytes = (n) => `${n.toLocaleString('en-US')} B`.padStart(11);
let failed = false;

for (const { path, label, limit } of files) {
  let source;
  try {
    source = await readFile(path);
  } catch {
    console.error(`${path}: missing; run \`vite build\` first`);
    failed = true;
    continue;
  }
  const gzip = gzipSync(source, { level: constants.Z_BEST_COMPRESSION }).length;
  const brotli = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } }).length;
  const over = limit !== undefined && gzip > limit;
  failed ||= over;
  const limits = limit === undefined ? '' : `  (limit ${bytes(limit).trim()}${over ? `: ${(gzip - limit).toLocaleString('en-US')} B OVER` : `: ${(limit - gzip).toLocaleString('en-US')} B under`})`;
  console.log(`${label.padEnd(34)} ${path.padEnd(40)} raw ${bytes(source.length)}  gzip -9 ${bytes(gzip)}  brotli ${bytes(brotli)}${limits}`);
}

process.exit(failed ? 1 : 0);

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compress, type ContentCoding } from './compression';

/** The script that brings the server-rendered element to life (the package's build, `vite build`). */
export const HYDRATE_SCRIPT = 'momo-checkout.hydrate.iife.js';
/** Its source map, beside it: developer tools ask for it. */
const SOURCE_MAP = `${HYDRATE_SCRIPT}.map`;

const BUILT_LIB = fileURLToPath(new URL('../../dist/lib/', import.meta.url));

interface KeptFile {
  body: Buffer;
  type: string;
  coded: Map<ContentCoding, Promise<Buffer>>;
}

export interface HydrateScript {
  /** `/pay/assets/<content hash>/<script>`; undefined when the package is not built. */
  path(): Promise<string | undefined>;
  /** A file under the current version, with its body in `coding`; undefined for any other version or name. */
  file(version: string, name: string, coding: ContentCoding | undefined): Promise<{ body: Uint8Array; type: string } | undefined>;
}

/**
 * Read once, on the first page that needs it, and kept with its compressed forms: its path names
 * its content's hash, so a browser may keep it for a year, and a new build is a new path.
 */
export function hydrateScript(libDir: string = BUILT_LIB): HydrateScript {
  let loading: Promise<{ version: string; files: Map<string, KeptFile> } | undefined> | undefined;

  async function load() {
    const script = await readFile(`${libDir}/${HYDRATE_SCRIPT}`).catch(() => undefined);
    if (!script) {
      loading = undefined; // built later: looked for again
      return undefined;
    }
    const version = createHash('sha256').update(script).digest('base64url').slice(0, 16);
    const files = new Map<string, KeptFile>([[HYDRATE_SCRIPT, { body: script, type: 'text/javascript; charset=utf-8', coded: new Map() }]]);
    const map = await readFile(`${libDir}/${SOURCE_MAP}`).catch(() => undefined);
    if (map) files.set(SOURCE_MAP, { body: map, type: 'application/json; charset=utf-8', coded: new Map() });
    return { version, files };
  }

  const loaded = () => (loading ??= load());

  return {
    async path() {
      const kept = await loaded();
      return kept && `/pay/assets/${kept.version}/${HYDRATE_SCRIPT}`;
    },
    async file(version, name, coding) {
      const kept = await loaded();
      const file = kept?.version === version ? kept.files.get(name) : undefined;
      if (!file) return undefined;
      if (!coding) return { body: file.body, type: file.type };
      let coded = file.coded.get(coding);
      if (!coded) {
        coded = compress(file.body, coding, 'asset');
        file.coded.set(coding, coded);
      }
      return { body: await coded, type: file.type };
    },
  };
}

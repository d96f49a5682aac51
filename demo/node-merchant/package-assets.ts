import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** `momo-checkout/server`'s API (its types, from the package's source here). */
export type CheckoutRenderer = typeof import('../../src/server.js');

/**
 * In your app: `import { renderCheckout, deviceFromRequest } from 'momo-checkout/server'`. Here
 * the package imports itself by name, its build (`vite build`, dist/lib/server.js), through a
 * specifier the type checker does not follow, so that type-checking never waits for a build.
 */
const RENDERER_MODULE: string = 'momo-checkout/server';
/** The hydrating script-tag build: it takes over the server-rendered element in the browser. */
const HYDRATE_MODULE = 'momo-checkout/hydrate';

export interface HydrateScript {
  body: Buffer;
  /** Its content's hash: a browser revalidates with it and gets a 304 until the package changes. */
  etag: string;
}

export interface PackageAssets {
  renderer: CheckoutRenderer;
  hydrateScript: HydrateScript;
}

/** Both at start: a package that is not built stops the server with one line saying so, not the first payer's page. */
export async function loadPackageAssets(): Promise<PackageAssets> {
  const notBuilt = (what: string, err: unknown) => new Error(`momo-checkout: ${what} could not be loaded (${(err as Error).message}); build the package first: npx vite build`);
  const renderer = await (import(RENDERER_MODULE) as Promise<CheckoutRenderer>).catch((err: unknown) => {
    throw notBuilt(RENDERER_MODULE, err);
  });
  let body: Buffer;
  try {
    body = await readFile(fileURLToPath(import.meta.resolve(HYDRATE_MODULE)));
  } catch (err) {
    throw notBuilt(HYDRATE_MODULE, err);
  }
  return { renderer, hydrateScript: { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` } };
}

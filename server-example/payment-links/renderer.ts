import type * as PackageServer from '../../src/server.js';

/** `momo-checkout/server`, as the package builds it into dist/lib/server.js (its types from the source). */
export type CheckoutRenderer = Pick<typeof PackageServer, 'renderCheckout' | 'deviceFromRequest'>;

/**
 * Through a specifier the type checker does not follow: the package's own build (`vite build`),
 * which type-checking must not wait for. Loaded on the first page, not at start: the server-side
 * renderer (lit's SSR) costs nothing to a backend whose links nobody opens, and a backend run
 * before a build still answers everything else.
 */
const RENDERER_MODULE: string = 'momo-checkout/server';

let loading: Promise<CheckoutRenderer> | undefined;

export function loadRenderer(): Promise<CheckoutRenderer> {
  loading ??= (import(RENDERER_MODULE) as Promise<CheckoutRenderer>).catch((err: unknown) => {
    loading = undefined; // built meanwhile: the next page tries again
    throw err;
  });
  return loading;
}

/**
 * Lit SSR renders `LitElement`s as instances of their classes, and those classes extend the
 * `HTMLElement` lit finds as it loads. On a server there is none, and dom-stand-ins.ts would lend
 * an inert class that cannot be rendered; imported before lit, this module lends the DOM shim's
 * `HTMLElement` instead (attributes, `attachShadow`), from `@lit-labs/ssr`. Once lit has loaded,
 * `returnLentHTMLElement()` takes it back: lit's classes keep it, the server's globals end as they began.
 * It is its own chunk of the ESM build: bundled with code that imports lit (external), it would run after lit.
 */
import { getWindow } from '@lit-labs/ssr/lib/dom-shim.js';

interface Lendable {
  HTMLElement?: unknown;
}

const scope = globalThis as Lendable;
const shim = getWindow({}) as { HTMLElement: unknown; CSSStyleSheet: unknown; customElements: CustomElementRegistry };
let lent = false;

if (scope.HTMLElement === undefined) {
  scope.HTMLElement = shim.HTMLElement;
  lent = true;
}

/** Removes the `HTMLElement` lent above, if it was. */
export function returnLentHTMLElement(): void {
  if (lent) delete scope.HTMLElement;
  lent = false;
}

/** A registry of the shim's, for servers where lit set none (lit's browser build) to render from. */
export const shimRegistry: CustomElementRegistry = shim.customElements;

/**
 * Runs `work` with these globals lent where the server has none, and takes them back after it:
 * synchronous, so no other code of the server's sees them. (Lit's browser build, which a
 * `browser` condition resolves, reads `CSSStyleSheet` when it finalizes an element's styles.)
 */
export function whileLent<T>(globals: { customElements?: CustomElementRegistry; CSSStyleSheet?: boolean }, work: () => T): T {
  const lendable = globalThis as Record<string, unknown>;
  const values: Record<string, unknown> = { customElements: globals.customElements, CSSStyleSheet: globals.CSSStyleSheet ? shim.CSSStyleSheet : undefined };
  const lentNow = Object.keys(values).filter((name) => values[name] !== undefined && lendable[name] === undefined);
  for (const name of lentNow) lendable[name] = values[name];
  try {
    return work();
  } finally {
    for (const name of lentNow) delete lendable[name];
  }
}

/**
 * Lit's browser build, which edge and worker bundlers resolve (the `browser` condition), extends
 * `HTMLElement` and calls `document.createTreeWalker()` as it loads, so importing this package where
 * neither exists (a server) would throw. Imported before lit, this module lends inert stand-ins
 * for whichever is missing, and `returnStandIns()`, called once lit has loaded, takes them back:
 * the server's globals end as they began, and `typeof document` still means "no DOM" to the
 * app's other code. In a browser nothing is lent. It is its own chunk of the ESM build: bundled
 * with code that imports lit (external), it would run after lit.
 */
interface Lendable {
  HTMLElement?: unknown;
  document?: unknown;
}
const scope = globalThis as Lendable;
const lent: (keyof Lendable)[] = [];

if (scope.HTMLElement === undefined) {
  scope.HTMLElement = class {};
  lent.push('HTMLElement');
}
if (scope.document === undefined) {
  scope.document = { createTreeWalker: () => ({}) };
  lent.push('document');
}

/** Removes the stand-ins lent above; none in a browser. */
export function returnStandIns(): void {
  for (const name of lent.splice(0)) delete scope[name];
}

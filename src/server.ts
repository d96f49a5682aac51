/**
 * momo-checkout/server: renders `<momo-checkout>` on a Node server with Lit SSR
 * (`@lit-labs/ssr`, an optional peer dependency), for pages that show the checkout before their
 * script runs, or without script. The page loads `momo-checkout/hydrate` (or its script-tag
 * build) to bring it to life.
 */
// First, before lit loads: the DOM shim lit's element classes extend here (see server/dom-shim.ts).
import { returnLentHTMLElement } from './server/dom-shim.js';

export { renderCheckout, type RenderCheckoutOptions, type RenderedCheckout } from './server/render-checkout.js';
export { deviceFromRequest, type CheckoutDevice, type RequestHeaders } from './server/device.js';

// lit and the element have loaded: the server gets its `HTMLElement` (none) back.
returnLentHTMLElement();

/**
 * Entry of the hydrating script-tag build (`momo-checkout.hydrate.iife.js`), for pages with
 * `<momo-checkout>` rendered on the server (`momo-checkout/server`). Hydrate support goes in
 * before lit defines any element, so the element takes over its declarative shadow root instead
 * of drawing a second copy.
 */
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import './define.js';

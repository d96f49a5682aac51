import { MomoCheckout } from './index.js';

export { MomoCheckout };

/**
 * Defines `<momo-checkout>` once; loading this module twice (two bundles) is harmless. A server
 * has no custom elements registry: there, importing defines nothing.
 */
if (typeof customElements !== 'undefined' && !customElements.get('momo-checkout')) customElements.define('momo-checkout', MomoCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'momo-checkout': MomoCheckout;
  }
}

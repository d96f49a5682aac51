import { MomoCheckout } from './index';

export { MomoCheckout };

/** Defines `<momo-checkout>` once; loading this module twice (two bundles) is harmless. */
if (!customElements.get('momo-checkout')) customElements.define('momo-checkout', MomoCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'momo-checkout': MomoCheckout;
  }
}

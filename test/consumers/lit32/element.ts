// An app on lit 3.2, the lowest minor of the package's range: the package's declarations
// type-check against this lit's (skipLibCheck off), and its element is this lit's LitElement.
import 'momo-checkout/define';
import { html, type LitElement, render } from 'lit';
import type { MomoCheckout } from 'momo-checkout';

const element: MomoCheckout = document.createElement('momo-checkout');
const asLit: LitElement = element;
render(html`<momo-checkout .token=${'a.b.c'}></momo-checkout>`, document.body);
console.log(asLit.isConnected);

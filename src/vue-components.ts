/**
 * `<momo-checkout>` in Vue 3 templates, checked by `vue-tsc`: `:token="token"`, `@momo-paid="…"`.
 * Vue reads a custom element's props from `$props` (its events are listener props there, as
 * Vue passes them: `@momo-paid` is `onMomoPaid`). Vue's compiler still needs
 * `compilerOptions.isCustomElement` to leave the tag to the browser.
 */
import type { MomoEventMap, MomoEventName } from './core/events.js';
import type { MomoCheckout } from './momo-checkout.js';
import type { MomoCheckoutAttributes } from './template-types.js';

/** `momo-paid` → `MomoPaid` */
type Pascal<Name extends string> = Name extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<Name>;

/** Vue's listener props for the element's events: `onMomoPaid` (`@momo-paid` in a template), … */
export type MomoCheckoutVueEvents = { [Name in MomoEventName as `on${Pascal<Name>}`]?: (event: MomoEventMap[Name]) => void };

declare module 'vue' {
  // Declared here, empty, so that this file reads without Vue installed (the augmentation is then
  // ignored); with Vue, it merges into Vue's own and adds nothing.
  interface HTMLAttributes {}

  interface GlobalComponents {
    'momo-checkout': new () => MomoCheckout & {
      /** @deprecated For template type checking only: no such property on the element. */
      $props: HTMLAttributes & MomoCheckoutAttributes & MomoCheckoutVueEvents;
    };
  }
}

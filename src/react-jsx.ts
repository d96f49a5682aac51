/**
 * `<momo-checkout>` in React's JSX (`React.JSX.IntrinsicElements`, read by React 18.3 and 19).
 * React 19 sets a prop the element has as a property and turns `on` + an event's name into its
 * listener: `<momo-checkout token={token} onmomo-paid={(event) => …} />`.
 */
import type { MomoEventMap, MomoEventName } from './core/events.js';
import type { MomoCheckout } from './momo-checkout.js';
import type { MomoCheckoutAttributes } from './template-types.js';

/** React 19's listener props for the element's events: `onmomo-paid`, `onmomo-status`, … */
export type MomoCheckoutReactEvents = { [Name in MomoEventName as `on${Name}`]?: (event: MomoEventMap[Name]) => void };

/** What `<momo-checkout>` takes in JSX besides React's own props: its attributes, its events, `class`. */
export type MomoCheckoutJsxProps = MomoCheckoutAttributes & MomoCheckoutReactEvents & { class?: string };

// React's types name their namespace `React` globally. Declared here too, empty, so that this file
// reads without them (the augmentation below is then ignored); with them, these merge into React's
// own interfaces and add nothing.
declare global {
  namespace React {
    interface HTMLAttributes<T> {}
    interface ClassAttributes<T> {}
  }
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'momo-checkout': React.ClassAttributes<MomoCheckout> & React.HTMLAttributes<MomoCheckout> & MomoCheckoutJsxProps;
    }
  }
}

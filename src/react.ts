/**
 * `momo-checkout/react`: `<momo-checkout>` as a React component (React 18 and 19), with typed
 * props and one handler prop per event: `onPaid` for `momo-paid`, `onStatus` for `momo-status`…
 * Importing it defines the tag, through `momo-checkout/define`.
 *
 * @example
 * ```tsx
 * import { MomoCheckout } from 'momo-checkout/react';
 *
 * <MomoCheckout token={token} onPaid={() => navigate('/thanks')} onStatus={(event) => setStatus(event.detail.status)} />
 * ```
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import type { MomoEventMap, MomoEventName } from './core/events.js';
import { MomoCheckout as MomoCheckoutElement } from './define.js';
import type { MomoCheckoutAttributes } from './template-types.js';

/** `momo-paid` → `onPaid` */
type HandlerName<Name extends string> = Name extends `momo-${infer Rest}` ? `on${Capitalize<Rest>}` : never;

/** One handler prop per event of the element, called with its `CustomEvent`: `onPaid` for `momo-paid`… */
type MomoCheckoutHandlers = { [Name in MomoEventName as HandlerName<Name>]?: (event: MomoEventMap[Name]) => void };

/**
 * The wrapper's props, for a component of yours that passes them on: the element's properties
 * (`token`, `locale`, `prefer`, `theme`), its `on…` handlers, and React's own props for an HTML
 * element (`className`, `style`, `onClick`…) but those named like ours (React's `onError`).
 */
export type MomoCheckoutProps = MomoCheckoutAttributes & MomoCheckoutHandlers & Omit<React.HTMLAttributes<MomoCheckoutElement>, keyof MomoCheckoutAttributes | keyof MomoCheckoutHandlers>;

/** Every event of the element, by its handler prop: one missing here is a type error. */
const events: { [Name in MomoEventName as HandlerName<Name>]: EventName<MomoEventMap[Name]> } = {
  onReady: 'momo-ready' as EventName<MomoEventMap['momo-ready']>,
  onStatus: 'momo-status' as EventName<MomoEventMap['momo-status']>,
  onPaid: 'momo-paid' as EventName<MomoEventMap['momo-paid']>,
  onFailed: 'momo-failed' as EventName<MomoEventMap['momo-failed']>,
  onExpired: 'momo-expired' as EventName<MomoEventMap['momo-expired']>,
  onCancelled: 'momo-cancelled' as EventName<MomoEventMap['momo-cancelled']>,
  onError: 'momo-error' as EventName<MomoEventMap['momo-error']>,
  onRetry: 'momo-retry' as EventName<MomoEventMap['momo-retry']>,
};

/**
 * `<momo-checkout>` for React: element properties (`token`, `locale`, `prefer`, `theme`) as props, events as `on…` handlers.
 * Its type is written with React's types alone: the published declarations then need no package but React (the
 * wrapper's maker is bundled, no dependency). createComponent's own type must be assignable to it, checked here.
 */
export const MomoCheckout: React.ForwardRefExoticComponent<MomoCheckoutProps & React.RefAttributes<MomoCheckoutElement>> = /* @__PURE__ */ createComponent({
  tagName: 'momo-checkout',
  elementClass: MomoCheckoutElement,
  react: React,
  events,
});

import { createElement, type ReactElement } from 'react';
import type { MomoEventMap } from '../../src/index';
// In an app: `import 'momo-checkout/define';`
import '../../src/define';

export interface CheckoutProps {
  token: string;
  locale?: string;
  onStatus?: (event: MomoEventMap['momo-status']) => void;
  onPaid?: (event: MomoEventMap['momo-paid']) => void;
  /** "Try again" after a failure: call `event.preventDefault()` and render a new checkout's token. */
  onRetry?: (event: MomoEventMap['momo-retry']) => void;
}

/**
 * `<momo-checkout>` in React 19, which sets a prop the element has (`token`, `locale`) as a
 * property and adds an `on<event-name>` function prop as that event's listener. In JSX:
 * `<momo-checkout token={token} onmomo-paid={onPaid} />`.
 */
export function Checkout({ token, locale, onStatus, onPaid, onRetry }: CheckoutProps): ReactElement {
  return createElement('momo-checkout', { token, locale, 'onmomo-status': onStatus, 'onmomo-paid': onPaid, 'onmomo-retry': onRetry });
}

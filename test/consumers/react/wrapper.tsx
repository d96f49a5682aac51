// The React wrapper: props and `on…` handlers typed from the element.
import { type ReactElement, useRef } from 'react';
import type { MomoCheckout as MomoCheckoutElement, StatusUpdate } from 'momo-checkout';
import { MomoCheckout, type MomoCheckoutProps } from 'momo-checkout/react';

export function Checkout({ token, onPaid }: { token: string; onPaid: (update: StatusUpdate) => void }): ReactElement {
  const element = useRef<MomoCheckoutElement>(null);
  return (
    <MomoCheckout
      ref={element}
      token={token}
      locale="sw"
      theme="light"
      className="checkout"
      onReady={(event) => console.log(event.detail.session.amount)}
      onStatus={(event) => console.log(event.detail.status)}
      onPaid={(event) => onPaid(event.detail)}
      onFailed={(event) => console.log(event.detail.reason)}
      onExpired={(event) => console.log(event.detail.reason)}
      onCancelled={(event) => console.log(event.detail.updatedAt)}
      onError={(event) => console.log(event.detail.code)}
      onRetry={(event) => event.preventDefault()}
    />
  );
}

/** A component of the app's that passes the wrapper's props on. */
export function BrandedCheckout(props: MomoCheckoutProps): ReactElement {
  return <MomoCheckout {...props} theme="light" />;
}

// @ts-expect-error `momo-paid` carries a StatusUpdate, which has no `code`
export const wrongDetail = <MomoCheckout onPaid={(event) => event.detail.code} />;
// @ts-expect-error `theme` is `light` or `dark`
export const wrongTheme = <MomoCheckout theme="blue" />;

// The React wrapper under React 18's types: props and `on…` handlers typed from the element.
import { type ReactElement, useRef } from 'react';
import type { CheckoutStatus, MomoCheckout as MomoCheckoutElement } from 'momo-checkout';
import { MomoCheckout, type MomoCheckoutProps } from 'momo-checkout/react';

export function Checkout({ token, onStatus }: { token: string; onStatus: (status: CheckoutStatus) => void }): ReactElement {
  const element = useRef<MomoCheckoutElement>(null);
  return (
    <MomoCheckout
      ref={element}
      token={token}
      locale="fr-CI"
      theme="dark"
      className="checkout"
      onReady={(event) => console.log(event.detail.session.amount)}
      onPaid={(event) => onStatus(event.detail.status)}
      onError={(event) => console.log(event.detail.code, event.detail.message)}
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
// @ts-expect-error `token` is a string
export const wrongToken = <MomoCheckout token={42} />;

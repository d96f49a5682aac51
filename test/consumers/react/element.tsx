// `<momo-checkout>` straight in React 19's JSX: no declaration of our own.
import 'momo-checkout/define';
import { type ReactElement, useRef, useState } from 'react';
import type { CheckoutStatus, MomoCheckout } from 'momo-checkout';

export function Checkout({ token }: { token: string }): ReactElement {
  const element = useRef<MomoCheckout>(null);
  const [status, setStatus] = useState<CheckoutStatus>();
  return (
    <momo-checkout
      ref={element}
      token={token}
      locale="fr-CI"
      prefer="ussd qr"
      theme="dark"
      class="checkout"
      style={{ maxWidth: 400 }}
      data-status={status}
      onClick={(event) => console.log(event.currentTarget.token)}
      onmomo-status={(event) => setStatus(event.detail.status)}
      onmomo-paid={(event) => console.log(event.detail.payment?.paidAt)}
      onmomo-error={(event) => console.log(event.detail.code, event.detail.message)}
      onmomo-retry={(event) => {
        event.preventDefault();
        console.log(event.detail.checkoutId);
      }}
    />
  );
}

// @ts-expect-error `theme` is `light` or `dark`
export const wrongTheme = <momo-checkout theme="blue" />;
// @ts-expect-error `token` is a string
export const wrongToken = <momo-checkout token={42} />;
// @ts-expect-error `momo-paid` carries a StatusUpdate, which has no `code`
export const wrongDetail = <momo-checkout onmomo-paid={(event) => event.detail.code} />;
// @ts-expect-error the ref is the element's
export const wrongRef = <momo-checkout ref={{ current: document.createElement('input') }} />;

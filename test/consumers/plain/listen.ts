// A plain TypeScript module: the tag's element and its events are typed once the tag is defined.
import 'momo-checkout/define';
import type { CheckoutStatus, MomoCheckout, MomoErrorDetail, MomoEventMap } from 'momo-checkout';

const element = document.createElement('momo-checkout');
element.token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaGtfMSJ9.c2ln';
element.theme = 'dark';
const same: MomoCheckout | null = document.querySelector('momo-checkout');
console.log(same?.status);

element.addEventListener('momo-paid', (event) => {
  const status: CheckoutStatus = event.detail.status;
  console.log(status, event.detail.payment?.transactionId);
});
element.addEventListener('momo-error', (event) => {
  const detail: MomoErrorDetail = event.detail;
  console.log(detail.code);
});
document.body.addEventListener('momo-retry', (event: MomoEventMap['momo-retry']) => {
  event.preventDefault();
  console.log(event.detail.checkoutId, event.detail.reason);
});

// @ts-expect-error `momo-paid` carries a StatusUpdate, which has no `code`
element.addEventListener('momo-paid', (event) => event.detail.code);
// @ts-expect-error `theme` is `light` or `dark`
element.theme = 'blue';

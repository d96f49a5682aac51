/**
 * Adyen Web 6.45 showing a QR payment, as the first-paint benchmark's baseline: the core and
 * one QR component (PromptPay, a QRLoader like PayNow, DuitNow, …), imported by name from the
 * package root so that the bundler drops the other components (the package exports nothing
 * narrower), and Adyen's one stylesheet. The action is what `/payments` would answer for a QR
 * payment; Adyen's servers are the bench's stand-in (bench/first-paint/adyen-stand-in.ts),
 * named by the page's query: `api`, `analytics`, `cdn`.
 */
import { AdyenCheckout, PromptPay } from '@adyen/adyen-web';
import '@adyen/adyen-web/styles/adyen.css';

const query = new URLSearchParams(location.search);
const url = (name: string): string => {
  const value = query.get(name);
  if (!value || !URL.canParse(value)) throw new Error(`The page needs ?${name}=<URL> (Adyen's servers' stand-in).`);
  return value;
};

AdyenCheckout.register(PromptPay);

const checkout = await AdyenCheckout({
  environment: 'test',
  clientKey: 'test_BENCHMARKCLIENTKEY00000000000000',
  countryCode: 'TH',
  locale: 'en-US',
  amount: { value: 15_000, currency: 'THB' },
  analytics: { enabled: false },
  _environmentUrls: { api: url('api'), analytics: url('analytics'), cdn: { images: url('cdn'), translations: url('cdn') } },
});

checkout
  .createFromAction({
    type: 'qrCode',
    paymentMethodType: 'promptpay',
    // An EMVCo merchant-presented payload of the shape PromptPay's are (made up, checksum included).
    qrCodeData: '00020101021230830016A00000067701011201150105560068127250217BENCH0000000000000304BNCH5303764540515000.005802TH6304A3F1',
    paymentData: 'Ab02b4c0!BQABAgBenchmarkPaymentDataNotARealOne==',
  })
  .mount('#qr-payment');

import type { CheckoutStatus, FailureReason, FinalStatus } from '../../contract';

/**
 * Every string the element shows. A locale is one object of this type, so a missing key is a
 * compile error. Interpolations are functions, never string templates.
 */
export interface Translation {
  /** BCP 47 tag, e.g. `en`, `pt-AO`. */
  $code: string;
  $name: string;
  $dir: 'ltr' | 'rtl';

  /** Accessible name of the whole checkout card. */
  checkoutLabel: (merchant: string) => string;
  loading: string;
  payTo: string;
  howToPay: string;
  /** Between two ways to pay. */
  or: string;
  noInstructions: string;

  copy: string;
  copied: string;
  copyFailed: string;

  ussd: {
    title: string;
    hint: string;
    /** Tap-to-dial link on phones. */
    dial: string;
    /** Where a phone will not dial `*` and `#` from a link (iOS): how to dial by hand. */
    noDial: string;
  };
  qr: {
    title: string;
    hint: string;
    /** Text alternative of the QR image. */
    alt: (merchant: string) => string;
    /** Opens the QR payload as copyable text. */
    asText: string;
  };
  deeplink: {
    title: (app: string) => string;
    /** The button that opens the wallet app on phones. */
    open: (app: string) => string;
    hint: (app: string) => string;
    /** Caption of the QR code of the app link on desktops. */
    scanHint: (app: string) => string;
    /** Link to the provider's payment page. */
    web: string;
  };
  bank: {
    title: string;
    hint: string;
    entity: string;
    reference: string;
    amount: string;
    dueDate: string;
    /** The button that prints the payment slip. */
    print: string;
  };
  code: {
    title: string;
    hint: string;
    /** `time` is formatted already, e.g. "14:32" (with the date when not today). */
    validUntil: (time: string) => string;
  };
  push: {
    title: string;
    /** Label of the phone number field. */
    label: string;
    hint: string;
    /** A number in the method's format, before the payer types; `phone` is grouped already, e.g. "256 772 123 456". */
    example: (phone: string) => string;
    /** The provider's fee on top of the amount; `amount` is formatted already, e.g. "UGX 500". */
    fee: (amount: string) => string;
    /** The amount with the fee, what the payer approves on their phone; formatted already. */
    total: (amount: string) => string;
    /** The number's operator charges another fee than the one shown; the new one is shown now. */
    feeChanged: string;
    submit: string;
    sending: string;
    /** A number that doesn't fit the method; `prefix` is the country code the pattern starts with, if any. */
    invalid: (prefix: string) => string;
    /** The provider did not answer (502). */
    unavailable: string;
    waitTitle: string;
    waitHint: string;
    /** Where the request went, so a payer who mistyped sees it; `phone` is grouped already. */
    sentTo: (phone: string) => string;
  };

  /** The live status line. */
  status: Record<CheckoutStatus, string>;
  /** Added to the status line while status checks keep failing; the element keeps trying. */
  reconnecting: string;
  /** The panel that replaces the instructions once the status is final. */
  final: Record<FinalStatus, { title: string; body: (amount: string, merchant: string) => string }> & {
    /**
     * Expired with reason `outcome_unknown`: the payment request went out and nobody can say
     * whether it was paid. Must tell the payer not to pay again, and never offer a new link.
     */
    outcomeUnknown: { title: string; body: (amount: string, merchant: string) => string };
  };
  /**
   * The backend stopped taking the token before it told this page a final status: the outcome is
   * the merchant's to confirm. Must tell the payer not to pay again, and never offer a new link.
   */
  sessionEnded: { title: string; body: (merchant: string) => string };
  /** Plain words for why a payment failed. */
  reasons: Record<FailureReason, string>;
  receipt: string;
  /** Replaces "Try again" when the merchant's page makes no new checkout by itself. */
  askForNewLink: (merchant: string) => string;
  /** The time left to pay; `time` is e.g. "14:32". */
  countdown: {
    expiresIn: (time: string) => string;
    /** Said once by screen readers, when a minute is left. */
    lastMinute: string;
  };

  errors: {
    title: string;
    /** The token could not be decoded; no request was made. */
    tokenMalformed: string;
    tokenMissing: string;
    tokenInvalid: string;
    tokenExpired: string;
    notFound: string;
    network: string;
    /** Any other problem. */
    generic: string;
    retry: string;
    /** Under a network error: the element retries by itself too. */
    autoRetry: string;
    code: (code: string) => string;
  };
}

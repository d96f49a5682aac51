import type { CheckoutStatus, FailureReason, FinalStatus } from '../../contract/index.js';

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
    /** The caption when the backend does not say what reads the code. */
    hint: string;
    /** The code holds a link (or a `tel:` URI) that a phone's camera opens. */
    camera: string;
    /** Only the provider's wallet app reads it (`app`, e.g. "MTN MoMo"); a camera would only show text. */
    app: (app: string) => string;
    /** The wallet app or a banking app reads it (a bank QR standard such as VietQR). */
    appOrBank: (app: string) => string;
    /** On a phone the QR code is folded under this: the payer cannot scan their own screen. */
    otherPhone: string;
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
    /** When the slip was issued (the checkout's creation), on the printed slip. */
    issued: string;
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
    /** A number in the method's format, before the payer types; `phone` is as the country writes it, e.g. "0772 123 456". */
    example: (phone: string) => string;
    /** The provider's fee on top of the amount; `amount` is formatted already, e.g. "UGX 500". */
    fee: (amount: string) => string;
    /** The amount with the fee, what the payer approves on their phone; formatted already. */
    total: (amount: string) => string;
    /** The number's operator charges another fee than the one shown; the new one is shown now. */
    feeChanged: string;
    submit: string;
    sending: string;
    /**
     * A number that doesn't fit the method; `example` is one in the form the payer's country
     * writes it ("0772 123 456"), or '' when there is none (then: with the country code).
     */
    invalid: (example: string) => string;
    /** The provider did not answer (502). */
    unavailable: string;
    waitTitle: string;
    waitHint: string;
    /** Where the request went, so a payer who mistyped sees it; `phone` is grouped already. */
    sentTo: (phone: string) => string;
    /** Opens what to do while a request waits on the phone: a wrong number, a request that never showed. */
    help: string;
    /** `code`: a USSD code listing the requests waiting for approval on the payer's phone (MTN's *165#). */
    approvals: (code: string) => string;
    /** When another request may go; `when` is relative and formatted already ("in 2 minutes"), or '' when the provider doesn't say. */
    resend: (when: string) => string;
    /** The last request ended unapproved, when the backend gave no reason. */
    ended: string;
    /** Sends the request again, to the number in the field. */
    again: string;
    /** Empties the field for another number. */
    other: string;
  };

  /** The live status line. */
  status: Record<CheckoutStatus, string>;
  /** The status line once an approval request went to the payer's phone (push), whether the provider says pending or processing. */
  awaitingApproval: string;
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
  /** What is paid for and by whom, under the amount (and on the receipt once paid). */
  details: {
    /** The merchant's own reference (an invoice number, a pupil's name and class): not a bank payment reference. */
    reference: string;
    /** The payer's name as the merchant gave it. */
    payer: string;
    /** Under the total once the payer bears a provider fee: the checkout's amount and the fee, formatted already. */
    charge: (amount: string, fee: string) => string;
    /** Folds the items after the first few; `count` (2 or more) is how many are folded. */
    moreItems: (count: string) => string;
  };
  /** The proof of payment in the paid panel, which prints as a receipt. */
  proof: {
    /** What the payer was charged (the fee included). */
    amount: string;
    /** When the provider took the payment, with the time. */
    paidAt: string;
    /** Who was paid. */
    merchant: string;
    /** The provider's id of the payment, as the payer's statement shows it. */
    transactionId: string;
    print: string;
  };
  /** Replaces "Try again" when the merchant's page makes no new checkout by itself. */
  askForNewLink: (merchant: string) => string;
  /** The failed panel's body once "Try again" went unanswered: `askForNewLink` says what to do, and nothing else invites trying here. */
  failedNoRetry: string;
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
    /** No token (an empty `token` attribute, or none reached the backend): for the developer, calm for the payer. */
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
    /** The page's Content-Security-Policy blocks the backend: not the payer's connection. */
    cspBlocked: string;
    code: (code: string) => string;
  };
}

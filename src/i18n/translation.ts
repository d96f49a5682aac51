import type { CheckoutStatus, FailureReason, FinalStatus } from '../core/types';

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
  };
  qr: {
    title: string;
    hint: string;
    /** Text alternative of the QR image. */
    alt: (merchant: string) => string;
  };

  /** The live status line. */
  status: Record<CheckoutStatus, string>;
  /** The panel that replaces the instructions once the status is final. */
  final: Record<FinalStatus, { title: string; body: (amount: string, merchant: string) => string }>;
  /** Plain words for why a payment failed. */
  reasons: Record<FailureReason, string>;
  receipt: string;

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
    code: (code: string) => string;
  };
}

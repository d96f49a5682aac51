import type { Translation } from './translation';

export const en: Translation = {
  $code: 'en',
  $name: 'English',
  $dir: 'ltr',

  checkoutLabel: (merchant) => `Pay ${merchant}`,
  loading: 'Loading payment details…',
  payTo: 'Pay to',
  howToPay: 'How to pay',
  or: 'or',
  noInstructions: 'This payment method is not available here. Please ask the merchant for another way to pay.',

  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy. Select the code and copy it yourself.',

  ussd: {
    title: 'Dial this code',
    hint: 'Dial it on the phone with your mobile money account and follow the prompts.',
    dial: 'Dial now',
    noDial: 'On iPhone: copy the code, open the Phone app, paste it and press call.',
  },
  qr: {
    title: 'Scan to pay',
    hint: 'Scan with your phone’s camera or your mobile money app.',
    alt: (merchant) => `QR code to pay ${merchant}. Scan it with your phone.`,
    asText: 'Show the code as text',
  },
  deeplink: {
    title: (app) => `Pay with ${app}`,
    open: (app) => `Open ${app}`,
    hint: (app) => `Approve the payment in ${app}, then come back here.`,
    scanHint: (app) => `Scan with your phone’s camera to open ${app} and approve the payment.`,
    web: 'Pay in the browser instead',
  },
  bank: {
    title: 'Pay by bank reference',
    hint: 'Pay at an ATM or in your banking app with these details, by the due date.',
    entity: 'Entity',
    reference: 'Reference',
    amount: 'Amount',
    dueDate: 'Pay by',
    print: 'Print payment slip',
  },
  code: {
    title: 'Enter this code in your wallet app',
    hint: 'Open your mobile money app, choose to pay with a code, and enter it.',
    validUntil: (time) => `Valid until ${time}`,
  },
  push: {
    title: 'Pay from your phone',
    label: 'Mobile money number',
    hint: 'We’ll send a payment request to this phone.',
    example: (phone) => `e.g. ${phone}`,
    fee: (amount) => `Fee: ${amount}`,
    total: (amount) => `You pay ${amount} in total`,
    feeChanged: 'The fee for this number is different. Check the new total above, then send the request again.',
    submit: 'Send request',
    sending: 'Sending…',
    invalid: (prefix) =>
      `This number doesn’t look right. Enter your mobile money number${prefix ? `, starting with ${prefix}` : ' with the country code'}.`,
    unavailable: 'The mobile money provider did not answer. Your phone may still ring; if not, try again.',
    waitTitle: 'Approve the payment on your phone',
    waitHint: 'Check your phone for the payment request and enter your PIN to approve it.',
    sentTo: (phone) => `Sent to ${phone}`,
  },

  status: {
    pending: 'Waiting for your payment',
    processing: 'Processing your payment…',
    paid: 'Payment complete',
    failed: 'Payment failed',
    expired: 'This payment request has expired',
    cancelled: 'This payment request was cancelled',
  },
  reconnecting: 'Connection lost. Reconnecting…',
  final: {
    paid: {
      title: 'Payment complete',
      body: (amount, merchant) => `You paid ${amount} to ${merchant}. You can close this page.`,
    },
    failed: {
      title: 'Payment failed',
      body: () => 'No payment was made. You can try again.',
    },
    expired: {
      title: 'Payment request expired',
      body: () => 'The time to pay has run out. Ask the merchant for a new payment link.',
    },
    outcomeUnknown: {
      title: 'We could not confirm your payment',
      body: (amount, merchant) =>
        `Please do not pay again. Check your mobile money messages to see whether ${amount} was taken, or contact ${merchant}.`,
    },
    cancelled: {
      title: 'Payment cancelled',
      body: () => 'This payment request was cancelled. No payment was made.',
    },
  },
  sessionEnded: {
    title: 'This payment session has ended',
    body: (merchant) => `${merchant} will confirm whether this payment went through. Please do not pay again until you hear from them.`,
  },
  reasons: {
    insufficient_funds: 'There was not enough money in the account.',
    rejected: 'The payment was declined.',
    timeout: 'The payment was not approved in time.',
    payer_limit: 'The payment is over the account’s limit.',
    invalid_payer: 'The mobile money account could not be found or cannot pay.',
    expired: 'The payment request expired before it was approved.',
    cancelled: 'The payment was cancelled.',
    provider_error: 'The mobile money provider had a problem. Please try again later.',
    outcome_unknown: 'The mobile money provider did not tell us whether the payment went through.',
  },
  receipt: 'View receipt',
  askForNewLink: (merchant) => `To try again, ask ${merchant} for a new payment link.`,
  countdown: {
    expiresIn: (time) => `Expires in ${time}`,
    lastMinute: 'Less than a minute left to pay.',
  },

  errors: {
    title: 'We can’t show this payment',
    tokenMalformed: 'This payment link is damaged. Ask the merchant for a new one.',
    tokenMissing: 'This payment link is incomplete. Ask the merchant for a new one.',
    tokenInvalid: 'This payment link is not valid. Ask the merchant for a new one.',
    tokenExpired: 'This payment link has expired. Ask the merchant for a new one.',
    notFound: 'This payment could not be found.',
    network: 'We could not reach the payment service. Check your connection and try again.',
    generic: 'Something went wrong on our side. Please try again in a moment.',
    retry: 'Try again',
    autoRetry: 'We’ll keep trying by ourselves.',
    code: (code) => `Error code: ${code}`,
  },
};

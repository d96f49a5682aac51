/**
 * momo-checkout: the element class and the types a page uses with it, with no side effects in a
 * browser (on a server, lit is lent the DOM globals it reads as it loads, then they are taken back).
 * To register the `<momo-checkout>` tag, import `momo-checkout/define` (or load the IIFE build).
 * The framework typings come with these types: `<momo-checkout>` in React's JSX and in Vue's
 * templates (both harmless where that framework is not installed).
 */
// First, before lit loads: see dom-stand-ins.ts.
import { returnStandIns } from './dom-stand-ins.js';

export { MomoCheckout } from './momo-checkout.js';
/** English is built in; the backend sends the payer's language with the session. An app may register others up front. */
export { registerTranslation, en, fr, ptAO, sw, vi, type Translation } from './i18n/index.js';
export type { CheckoutDevice } from './core/device.js';
export type { MomoErrorDetail, MomoEventDetail, MomoEventMap, MomoEventName, MomoReadyDetail, MomoRetryDetail } from './core/events.js';
export type { MomoCheckoutAttributes } from './template-types.js';
export type { MomoCheckoutJsxProps, MomoCheckoutReactEvents } from './react-jsx.js';
export type { MomoCheckoutVueEvents } from './vue-components.js';
export type {
  BankReferenceInstruction,
  Charge,
  CheckoutStatus,
  CodeInstruction,
  DeeplinkInstruction,
  FailureReason,
  FinalStatus,
  Instruction,
  InstructionKind,
  PaymentProof,
  PhoneRules,
  PushEndReason,
  PushFee,
  PushInstruction,
  PushSent,
  QrInstruction,
  QrMatrix,
  QrReader,
  Session,
  SessionItem,
  StatusUpdate,
  UssdInstruction,
  WireTranslation,
} from '../contract/index.js';

// lit has loaded: a server gets its globals back as they were.
returnStandIns();

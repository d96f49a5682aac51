import type { CSSResultGroup, TemplateResult } from 'lit';
import type { PayState } from '../controllers/pay';
import type { CheckoutStatus, Instruction, InstructionKind, Session } from '../../contract';
import type { Translation } from '../i18n/translation';

/** Phones get tap-to-dial and deeplinks first; desktops get the QR code first. */
export type Device = 'phone' | 'desktop';

export type CopyState = 'idle' | 'copied' | 'failed';

/** What a view may use besides its instruction. Views never talk to the network themselves. */
export interface ViewContext {
  readonly session: Session;
  /** The status now (the session's is the one at load). */
  readonly status: CheckoutStatus;
  readonly t: Translation;
  readonly locale: string;
  readonly device: Device;
  /** Whether `tel:` links with `*` and `#` dial (iOS refuses them). */
  readonly canDialCodes: boolean;
  /** Copies text to the clipboard; `copyState(text)` reports how that went, for a moment. */
  copy(text: string): void;
  /** `failed` when there is no clipboard (insecure context, permission refused). */
  copyState(text: string): CopyState;
  /** Where the approval request to the payer's phone (push methods) stands. */
  readonly payState: PayState;
  /**
   * Sends that request for `phone` if it fits `pattern` (a regex source; only digits are sent),
   * else sets an `INVALID_PHONE` error without a request. Resolves once the outcome is shown.
   * `fee`: the fee shown beside the number; the payer agrees to that one only.
   */
  pay(phone: string, pattern: string, fee?: string): Promise<void>;
}

export type InstructionOf<K extends InstructionKind> = Extract<Instruction, { kind: K }>;

/**
 * One way of showing one kind of instruction. Adding a kind means writing one of these and
 * registering it; the element does not change.
 */
export interface InstructionView<K extends InstructionKind = InstructionKind> {
  readonly kind: K;
  /** Position among the instructions shown; lower comes first. */
  readonly order: Readonly<Record<Device, number>>;
  /** Adopted into every checkout's shadow root. */
  readonly styles?: CSSResultGroup;
  /** `nothing`/`undefined` when the instruction can't be shown (e.g. malformed data). */
  render(instruction: InstructionOf<K>, context: ViewContext): TemplateResult | undefined;
}

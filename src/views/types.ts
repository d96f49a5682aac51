import type { CSSResultGroup, TemplateResult } from 'lit';
import type { Instruction, InstructionKind, Session } from '../core/types';
import type { Translation } from '../i18n/translation';

/** Phones get tap-to-dial and deeplinks first; desktops get the QR code first. */
export type Device = 'phone' | 'desktop';

export type CopyState = 'idle' | 'copied' | 'failed';

/** What a view may use besides its instruction. Views never talk to the network. */
export interface ViewContext {
  readonly session: Session;
  readonly t: Translation;
  readonly locale: string;
  readonly device: Device;
  /** Copies text to the clipboard; `copyState(text)` reports how that went, for a moment. */
  copy(text: string): void;
  /** `failed` when there is no clipboard (insecure context, permission refused). */
  copyState(text: string): CopyState;
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

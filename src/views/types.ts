import type { CSSResultGroup, ReactiveControllerHost, TemplateResult } from 'lit';
import type { ApiClient } from '../core/api.js';
import type { CopyState } from '../controllers/copy.js';
import type { Device } from '../core/device.js';
import type { CheckoutStatus, Instruction, InstructionKind, Session, StatusUpdate } from '../../contract/index.js';
import type { Translation } from '../i18n/translation.js';

export type { CopyState } from '../controllers/copy.js';
export type { Device } from '../core/device.js';

/** What every view may use besides its instruction. Views never talk to the network themselves. */
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
}

/**
 * What the element lends a view's actions (`InstructionView.actions`): itself, to hang controllers
 * on, and the checkout it shows now.
 */
export interface ViewHost {
  readonly element: ReactiveControllerHost & HTMLElement;
  /** The backend of the checkout shown now; `undefined` while none is loaded. */
  client(): ApiClient | undefined;
  /** A status the backend answered an action with (a push's 202): the element decides what it changes. */
  onStatus(update: StatusUpdate): void;
  /** Reads the checkout again for its instructions only (its status keeps coming from the follower). */
  refreshInstructions(): Promise<void>;
}

/** A view's own state and actions in one element; `reset()` runs whenever another checkout starts loading. */
export interface ViewActions {
  reset?(): void;
}

export type InstructionOf<K extends InstructionKind> = Extract<Instruction, { kind: K }>;

/**
 * One way of showing one kind of instruction. Adding a kind means writing one of these and
 * registering it; the element does not change. A view that acts (sends a request, keeps state
 * between renders) says so with `actions`: the element makes them once, when it first shows the
 * view, and hands them to every `render`.
 */
export interface InstructionView<K extends InstructionKind = InstructionKind, A extends ViewActions = ViewActions> {
  readonly kind: K;
  /** Position among the instructions shown; lower comes first. */
  readonly order: Readonly<Record<Device, number>>;
  /** Adopted into every checkout's shadow root. */
  readonly styles?: CSSResultGroup;
  /** This view's state and actions for one element. */
  actions?(host: ViewHost): A;
  /** `nothing`/`undefined` when the instruction can't be shown (e.g. malformed data). */
  render(instruction: InstructionOf<K>, context: ViewContext, actions: A): TemplateResult | undefined;
}

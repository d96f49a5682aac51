import type { CSSResultOrNative, CSSResultGroup } from 'lit';
import type { Instruction, InstructionKind } from '../../contract/index.js';
import type { Device, InstructionView, ViewActions, ViewContext } from './types.js';

const views = new Map<string, InstructionView>();

/** Registers the view for one instruction kind (replacing any earlier one). */
export function registerView<K extends InstructionKind, A extends ViewActions>(view: InstructionView<K, A>): void {
  views.set(view.kind, view as unknown as InstructionView);
}

export function getView(kind: string): InstructionView | undefined {
  return views.get(kind);
}

/** The styles of every registered view, for the element's shadow root. */
export function viewStyles(): CSSResultOrNative[] {
  return [...views.values()].flatMap((view) => flatten(view.styles));
}

function flatten(group: CSSResultGroup | undefined): CSSResultOrNative[] {
  if (group === undefined) return [];
  return Array.isArray(group) ? group.flatMap((item) => flatten(item as CSSResultGroup)) : [group as CSSResultOrNative];
}

/** An instruction paired with the view that shows it. */
export interface PlannedInstruction {
  instruction: Instruction;
  view: InstructionView;
}

/**
 * Picks a view for each instruction and orders them for the device, the `prefer`red kinds
 * first (in that order). An instruction nobody can show fails loudly (a console error naming
 * the kind) and is skipped; it never breaks the checkout, since the backend may know kinds
 * this build of the element does not.
 */
export function planInstructions(instructions: readonly unknown[], device: Device, prefer: readonly string[] = []): PlannedInstruction[] {
  const planned: (PlannedInstruction & { index: number })[] = [];
  instructions.forEach((instruction, index) => {
    const kind = (instruction as { kind?: unknown } | null)?.kind;
    const view = typeof kind === 'string' ? views.get(kind) : undefined;
    if (!view) {
      console.error(`[momo-checkout] No view for instruction kind ${JSON.stringify(kind)}; it was skipped. ` + `Known kinds: ${[...views.keys()].join(', ')}.`, instruction);
      return;
    }
    planned.push({ instruction: instruction as Instruction, view, index });
  });
  const rank = ({ view }: PlannedInstruction): number => {
    const preferred = prefer.indexOf(view.kind);
    return preferred < 0 ? view.order[device] : preferred - 1e6;
  };
  // Stable: the backend's order breaks ties.
  planned.sort((a, b) => rank(a) - rank(b) || a.index - b.index);
  return planned.map(({ instruction, view }) => ({ instruction, view }));
}

/** Renders a planned instruction with its view's actions; a view that throws is logged and skipped. */
export function renderInstruction({ instruction, view }: PlannedInstruction, context: ViewContext, actions: ViewActions = {}) {
  try {
    return view.render(instruction as never, context, actions);
  } catch (error) {
    console.error(`[momo-checkout] The "${view.kind}" view failed; it was skipped.`, error);
    return undefined;
  }
}

/**
 * The built-in instruction views. Adding a kind: write `views/<kind>.ts` exporting an
 * `InstructionView`, register it here. The element picks views from the registry only.
 */
import { qrView } from './qr';
import { registerView } from './registry';
import { ussdView } from './ussd';

registerView(qrView);
registerView(ussdView);

export { getView, planInstructions, registerView, renderInstruction, viewStyles } from './registry';
export type { PlannedInstruction } from './registry';
export type { CopyState, Device, InstructionOf, InstructionView, ViewContext } from './types';
export { qrView, qrPath } from './qr';
export { ussdView, groupCode } from './ussd';

/**
 * The built-in instruction views. Adding a kind: write `views/<kind>.ts` exporting an
 * `InstructionView`, register it here. The element picks views from the registry only.
 */
import { bankReferenceView } from './bank-reference';
import { codeView } from './code';
import { deeplinkView } from './deeplink';
import { pushView } from './push';
import { qrView } from './qr';
import { registerView } from './registry';
import { ussdView } from './ussd';

registerView(qrView);
registerView(ussdView);
registerView(deeplinkView);
registerView(pushView);
registerView(codeView);
registerView(bankReferenceView);

export { getView, planInstructions, registerView, renderInstruction, viewStyles } from './registry';
export type { PlannedInstruction } from './registry';
export type { CopyState, Device, InstructionOf, InstructionView, ViewActions, ViewContext, ViewHost } from './types';
export type { PushActions } from './push-actions';
export { qrView, qrPath, qrSvg, qrFigure } from './qr';
export { ussdView, groupCode } from './ussd';
export { deeplinkView } from './deeplink';
export { pushView, formatPhone } from './push';
export { codeView } from './code';
export { bankReferenceView } from './bank-reference';
export { copyButton, copyNote, grouped, groupRun } from './parts';

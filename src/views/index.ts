/**
 * The built-in instruction views. Adding a kind: write `views/<kind>.ts` exporting an
 * `InstructionView`, register it here. The element picks views from the registry only.
 */
import { bankReferenceView } from './bank-reference.js';
import { codeView } from './code.js';
import { deeplinkView } from './deeplink.js';
import { pushView } from './push.js';
import { qrView } from './qr.js';
import { registerView } from './registry.js';
import { ussdView } from './ussd.js';

registerView(qrView);
registerView(ussdView);
registerView(deeplinkView);
registerView(pushView);
registerView(codeView);
registerView(bankReferenceView);

export { getView, planInstructions, registerView, renderInstruction, viewStyles } from './registry.js';
export type { PlannedInstruction } from './registry.js';
export type { CopyState, Device, InstructionOf, InstructionView, ViewActions, ViewContext, ViewHost } from './types.js';
export type { PushActions } from './push-actions.js';
export { qrView, qrPath, qrSvg, qrFigure } from './qr.js';
export { ussdView, groupCode } from './ussd.js';
export { deeplinkView } from './deeplink.js';
export { pushView, formatPhone } from './push.js';
export { codeView } from './code.js';
export { bankReferenceView } from './bank-reference.js';
export { copyButton, copyNote, grouped, groupRun } from './parts.js';

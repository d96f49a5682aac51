import QRCode from 'qrcode';
import type { Instruction, QrMatrix } from '../../contract';
import { packQrMatrix } from '../../contract/qr-matrix';

/**
 * The session's `qrCodes`: each `qr` instruction's payload and each deeplink's url, encoded
 * (error correction M) for the element to draw; `undefined` when there is none. A text too long
 * for a QR code is left out: the element then shows that instruction without its code.
 */
export function qrCodesFor(instructions: readonly Instruction[]): Record<string, QrMatrix> | undefined {
  const codes: Record<string, QrMatrix> = {};
  let any = false;
  for (const text of textsToEncode(instructions)) {
    const matrix = qrMatrixOf(text);
    if (!matrix) continue;
    codes[text] = matrix;
    any = true;
  }
  return any ? codes : undefined;
}

function textsToEncode(instructions: readonly Instruction[]): Set<string> {
  const texts = new Set<string>();
  for (const instruction of instructions) {
    // Stored as the provider's adapter made them: a malformed one is the element's to skip.
    const text = instruction?.kind === 'qr' ? instruction.payload : instruction?.kind === 'deeplink' ? instruction.url : undefined;
    if (typeof text === 'string' && text !== '') texts.add(text);
  }
  return texts;
}

/**
 * Texts whose matrix is kept. Encoding takes 0.2–1 ms a code, and every session read (each page
 * load, each instructions refresh) needs them; the open checkouts of an instance hold few texts.
 */
const KEPT = 256;
/** Least recently used first. */
const kept = new Map<string, QrMatrix | null>();

/** `null` for a text no QR code can hold (too long), remembered like the others. */
function qrMatrixOf(text: string): QrMatrix | null {
  let matrix = kept.get(text);
  if (matrix !== undefined) {
    kept.delete(text); // and set again below: now the most recently used
  } else {
    matrix = encode(text);
    if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
  }
  kept.set(text, matrix);
  return matrix;
}

function encode(text: string): QrMatrix | null {
  try {
    const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
    return packQrMatrix(size, data);
  } catch {
    return null; // "The amount of data is too big to be stored in a QR Code"
  }
}

/**
 * The wire form of a QR code (`QrMatrix`), shared by the backend, which packs what its encoder
 * made, and the element, which unpacks it to draw: the element carries no QR encoder.
 */
import type { QrMatrix } from './index.js';

/** Versions 1 to 40: 21 to 177 modules a side, in steps of 4. */
const isQrSize = (size: unknown): size is number => Number.isInteger(size) && (size as number) >= 21 && (size as number) <= 177 && ((size as number) - 17) % 4 === 0;

/** `size`×`size` modules, row by row, truthy for dark (the `qrcode` package's `modules.data`). */
export function packQrMatrix(size: number, modules: ArrayLike<number | boolean>): QrMatrix {
  if (!isQrSize(size) || modules.length !== size * size) throw new RangeError(`not a QR matrix: ${modules.length} modules for a size of ${size}`);
  const bytes = new Uint8Array(Math.ceil(modules.length / 8));
  for (let i = 0; i < modules.length; i++) if (modules[i]) bytes[i >> 3]! |= 0x80 >> (i & 7);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return { size, modules: btoa(binary) };
}

/**
 * The modules, row by row, 1 for dark; `undefined` for anything that is not a whole QR matrix
 * (it comes over the wire: a wrong one is not drawn rather than drawn wrong).
 */
export function unpackQrMatrix(matrix: unknown): Uint8Array | undefined {
  const { size, modules } = (matrix ?? {}) as Partial<QrMatrix>;
  if (!isQrSize(size) || typeof modules !== 'string') return undefined;
  let binary: string;
  try {
    binary = atob(modules);
  } catch {
    return undefined; // not base64
  }
  if (binary.length !== Math.ceil((size * size) / 8)) return undefined;
  const dark = new Uint8Array(size * size);
  for (let i = 0; i < dark.length; i++) dark[i] = (binary.charCodeAt(i >> 3) >> (7 - (i & 7))) & 1;
  return dark;
}

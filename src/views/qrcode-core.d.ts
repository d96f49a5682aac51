/**
 * Types for the encoder core of `qrcode`. The element imports the core alone: the package's
 * browser entry also bundles canvas and string renderers it never uses (~3 KB gzipped).
 */
declare module 'qrcode/lib/core/qrcode' {
  import type { QRCode as QrSymbol, QRCodeOptions } from 'qrcode';

  const QRCode: { create(text: string, options?: QRCodeOptions): QrSymbol };
  export default QRCode;
}

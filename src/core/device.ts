/** Phones get tap-to-dial and deeplinks first; desktops get the QR code first. */
export type Device = 'phone' | 'desktop';

/** A coarse pointer (a finger) is what makes a phone here. */
export function detectDevice(): Device {
  return globalThis.matchMedia?.('(pointer: coarse)').matches ? 'phone' : 'desktop';
}

/** iPhones and iPads (which say "MacIntel" but have touch): their dialer ignores `*`/`#` links. */
export function isIOS(): boolean {
  return /iP(hone|ad|od)/.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
}

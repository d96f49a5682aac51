/** Phones get tap-to-dial and deeplinks first; desktops get the QR code first. */
export type Device = 'phone' | 'desktop';

/**
 * The `device` attribute: a page rendered on the server says what it rendered for, so the
 * element draws the same. `ios`: a phone whose dialer ignores `*` and `#` in links.
 */
export type CheckoutDevice = 'phone' | 'ios' | 'desktop';

export const CHECKOUT_DEVICES: readonly CheckoutDevice[] = ['phone', 'ios', 'desktop'];

/** `value` when it names a device (`CHECKOUT_DEVICES`), else nothing. */
export const checkoutDevice = (value: unknown): CheckoutDevice | undefined => ((CHECKOUT_DEVICES as readonly unknown[]).includes(value) ? (value as CheckoutDevice) : undefined);

/** A coarse pointer (a finger) is what makes a phone here. */
export function detectDevice(): Device {
  return globalThis.matchMedia?.('(pointer: coarse)').matches ? 'phone' : 'desktop';
}

/** iPhones and iPads (which say "MacIntel" but have touch): their dialer ignores `*`/`#` links. */
export function isIOS(): boolean {
  const nav = globalThis.navigator;
  if (!nav) return false; // a server: it says `device` instead
  return /iP(hone|ad|od)/.test(nav.userAgent) || (nav.platform === 'MacIntel' && nav.maxTouchPoints > 1);
}

/** The layout and dialing for `device` (the attribute) or, without it, for this browser. */
export function deviceOf(device: string | undefined): { device: Device; canDialCodes: boolean } {
  const named = checkoutDevice(device);
  if (named === 'ios') return { device: 'phone', canDialCodes: false };
  if (named) return { device: named, canDialCodes: true };
  return { device: detectDevice(), canDialCodes: !isIOS() };
}

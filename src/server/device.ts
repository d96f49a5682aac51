import type { CheckoutDevice } from '../core/device.js';

export type { CheckoutDevice } from '../core/device.js';

/** A request's headers: `Headers`, or anything with a `get(name)` (names asked in lower case). */
export interface RequestHeaders {
  get(name: string): string | null | undefined;
}

/** A structured header's string (`"Android"` → `Android`). */
const unquoted = (value: string): string => value.trim().replace(/^"(.*)"$/, '$1');

/**
 * The layout a server renders `<momo-checkout>` for, read from the request:
 * from the User-Agent Client Hints when the browser sends them (`Sec-CH-UA-Mobile`,
 * `Sec-CH-UA-Platform`: Chromium's, by default), else from the User-Agent: iPhone, iPad or iPod
 * → `ios`; Android or Mobile → `phone`; anything else → `desktop`. (iPadOS Safari says it is a
 * Mac: it gets the desktop layout, with the QR code first, which works there too.)
 */
export function deviceFromRequest(headers: RequestHeaders): CheckoutDevice {
  const mobile = headers.get('sec-ch-ua-mobile')?.trim();
  const platform = unquoted(headers.get('sec-ch-ua-platform') ?? '').toLowerCase();
  if (mobile === '?1') return platform === 'ios' ? 'ios' : 'phone';
  if (mobile === '?0') return 'desktop';
  if (platform === 'ios') return 'ios';
  if (platform === 'android') return 'phone';
  const agent = headers.get('user-agent') ?? '';
  if (/iP(?:hone|ad|od)/.test(agent)) return 'ios';
  if (/Android|Mobile/.test(agent)) return 'phone';
  return 'desktop';
}

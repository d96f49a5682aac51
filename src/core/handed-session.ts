import type { Session } from '../../contract/index.js';
import { parseSession } from './api.js';

/**
 * The `session` attribute: the session as JSON, as the merchant's server got it with the checkout
 * (or a server-rendered page put it). One that doesn't parse is no session: the element reads it
 * from the backend instead.
 */
export const sessionAttribute = {
  fromAttribute(value: string | null): Session | undefined {
    if (!value) return undefined;
    try {
      return parseSession(JSON.parse(value));
    } catch {
      return undefined;
    }
  },
  toAttribute: (session: Session | undefined): string | null => (session ? JSON.stringify(session) : null),
};

/** `session` when it is a well-formed session of `checkoutId` (the token's `sub`); else nothing. */
export function handedSession(session: unknown, checkoutId: string | undefined): Session | undefined {
  if (session === undefined || session === null || checkoutId === undefined) return undefined;
  try {
    const parsed = parseSession(session);
    return parsed.id === checkoutId ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `GET /v1/checkouts` cursor: the (createdAt, id) of the last checkout of a page, opaque to
 * clients (base64url JSON) so that its form may change without breaking them.
 */
export interface CheckoutCursor {
  createdAt: string;
  id: string;
}

export function encodeCursor({ createdAt, id }: CheckoutCursor): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

/** Undefined for anything this backend did not hand out. */
export function decodeCursor(cursor: string): CheckoutCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(createdAt))) return undefined;
    return { createdAt, id };
  } catch {
    return undefined;
  }
}

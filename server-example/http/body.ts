import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { ApiError } from './errors';

/** A body cut off (the client went away) or badly chunked: the client's doing, answered 400. */
export function bodyUnreadable(): ApiError {
  return new ApiError(400, 'BODY_UNREADABLE', 'The request body could not be read: it was cut off or badly chunked.');
}

export interface BufferedBodyOptions {
  maxBytes: number;
  log: Logger;
  /** The answer to a body larger than `maxBytes`. */
  onTooLarge(c: Context): Response | Promise<Response>;
}

/**
 * Reads each request body whole, once, before any route sees it: one that cannot be read (cut off,
 * badly chunked) is a 400 `BODY_UNREADABLE` and an info line, never an internal error; one larger
 * than `maxBytes` gets `onTooLarge`, counted as it arrives whatever Content-Length claims.
 */
export function bufferedBody({ maxBytes, log, onTooLarge }: BufferedBodyOptions): MiddlewareHandler {
  return async function bufferBody(c, next) {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding') && Number(declared) > maxBytes) return onTooLarge(c);
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > maxBytes) {
          reader.cancel().catch(() => {});
          return onTooLarge(c);
        }
        chunks.push(value);
      }
    } catch (err) {
      log.info({ method: c.req.method, path: c.req.path, err: (err as Error).message }, 'request body unreadable');
      throw bodyUnreadable();
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) });
    return next();
  };
}

/** The body as text; one that cannot be read is a 400 (where no bufferedBody read it first). */
export async function readText(c: Context): Promise<string> {
  try {
    return await c.req.text();
  } catch {
    throw bodyUnreadable();
  }
}

/** Reads a JSON body and validates it; anything off is a 400 that says what and where. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value && typeof value === 'object') return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || hasNul(inner));
  return false;
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<{ data: z.infer<S>; raw: unknown }> {
  const text = await readText(c);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'INVALID_JSON', 'The request body must be a JSON object.');
  }
  // No store keeps U+0000 in text (PostgreSQL refuses it): refused here, before any key is claimed.
  if (hasNul(raw)) throw new ApiError(400, 'VALIDATION_FAILED', 'Text in the body must not contain U+0000.');
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ApiError(400, 'VALIDATION_FAILED', `${where}${issue?.message ?? 'invalid request body'}`);
  }
  return { data: result.data, raw };
}

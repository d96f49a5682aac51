import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors';

/** Reads a JSON body and validates it; anything off is a 400 that says what and where. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<{ data: z.infer<S>; raw: unknown }> {
  const text = await c.req.text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'INVALID_JSON', 'The request body must be a JSON object.');
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ApiError(400, 'VALIDATION_FAILED', `${where}${issue?.message ?? 'invalid request body'}`);
  }
  return { data: result.data, raw };
}

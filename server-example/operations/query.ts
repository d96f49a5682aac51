import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../http/errors';

/**
 * Reads a route's query string and validates it; anything off is a 400 `VALIDATION_FAILED` whose
 * message starts with the parameter's name. A parameter given twice is refused rather than
 * half-read, and so is one the route does not take (a typo would otherwise filter nothing).
 */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const given = c.req.queries();
  const values: Record<string, string> = {};
  for (const [name, all] of Object.entries(given)) {
    if (all.length > 1) throw new ApiError(400, 'VALIDATION_FAILED', `${name}: given ${all.length} times; give it once.`);
    values[name] = all[0]!;
  }
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    throw new ApiError(400, 'VALIDATION_FAILED', `${issue.keys.join(', ')}: not a query parameter of ${c.req.method} ${c.req.path}.`);
  }
  throw new ApiError(400, 'VALIDATION_FAILED', `${issue.path.join('.') || 'query'}: ${issue.message}`);
}

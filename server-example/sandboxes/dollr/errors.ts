/**
 * Dollr is a FastAPI service: errors are `{"detail": "…"}` (a string) or, for validation,
 * `{"detail": [{"loc": [...], "msg": "…", "type": "…"}]}` with status 422 (docs/providers.md, "Dollr").
 * Every error the sandbox answers is built here.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One pydantic (v1) validation error, as FastAPI lists them. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
}

export interface DollrError {
  readonly status: ContentfulStatusCode;
  readonly body: { detail: string | ValidationIssue[] };
  readonly headers?: Record<string, string>;
}

export const detail = (status: ContentfulStatusCode, message: string, headers?: Record<string, string>): DollrError => ({
  status,
  body: { detail: message },
  ...(headers ? { headers } : {}),
});

export const invalid = (issues: ValidationIssue[]): DollrError => ({ status: 422, body: { detail: issues } });

/** A single business-rule refusal about one field, in the validation shape (error-catalog.md). */
export const fieldError = (loc: (string | number)[], msg: string, type = 'value_error'): DollrError => invalid([{ loc, msg, type }]);

export const ERRORS = {
  // FastAPI's HTTPBearer / OAuth2 dependency answers (error-catalog.md).
  notAuthenticated: detail(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' }),
  badCredentials: detail(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' }),
  notFound: detail(404, 'Not Found'),
  methodNotAllowed: detail(405, 'Method Not Allowed'),
  rateLimited: detail(429, 'Too Many Requests', { 'Retry-After': '1' }),
  badGateway: detail(502, 'Bad Gateway'),
  unavailable: detail(503, 'Service Unavailable'),
} as const;

export function reply(c: Context, error: DollrError): Response {
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json(error.body, error.status);
}

/** Starlette's own answer to an unhandled exception: plain text, not JSON. */
export function internalServerError(): Response {
  return new Response('Internal Server Error', { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

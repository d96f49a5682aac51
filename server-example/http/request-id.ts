import type { MiddlewareHandler } from 'hono';
import { requestId, type RequestIdVariables } from 'hono/request-id';
import { withRequestId } from './request-context';

export type RequestIdEnv = { Variables: RequestIdVariables };

/** Long enough for a UUID, a W3C trace id or a load balancer's id; short enough to keep log lines small. */
export const MAX_REQUEST_ID_LENGTH = 128;

/**
 * `X-Request-Id`: the caller's (a load balancer's) when it is at most MAX_REQUEST_ID_LENGTH
 * letters, digits, `_`, `-` or `=`, else a new UUID; echoed on the response and carried by every
 * log line written while the request is handled, so one request's lines can be found across instances.
 */
export function requestIds(): MiddlewareHandler<RequestIdEnv> {
  const assign = requestId({ limitLength: MAX_REQUEST_ID_LENGTH });
  return function requestIdScope(c, next) {
    return assign(c, () => withRequestId(c.get('requestId'), next));
  };
}

import type { Context, Next } from 'hono';
import { errorBody } from '../http/errors';
import { requestOrigin } from '../http/request-origin';

/**
 * The demo routes answer the demo page, which the backend serves itself: requests from its own
 * origin only. Whatever a browser sends from another origin (a preflight, a form post, a fetch)
 * carries an `Origin` naming it, or a `Sec-Fetch-Site` saying so, and is refused; no CORS header
 * is ever sent, so no other page can read an answer. Requests without either (curl, a test, the
 * webhook worker) are not a browser acting for another site, and pass.
 */
export async function sameOriginOnly(c: Context, next: Next) {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  const otherSite = site !== undefined && site !== 'same-origin' && site !== 'none';
  if (otherSite || (origin !== undefined && origin !== requestOrigin(c))) {
    return c.json(errorBody('CROSS_ORIGIN_REFUSED', 'The demo routes answer the demo page on its own origin only.'), 403);
  }
  await next();
}

import type { Context, MiddlewareHandler } from 'hono';
import { errorBody } from '../http/errors';
import { requestOrigin } from '../http/request-origin';

/**
 * The demo and sandbox payer routes answer the demo page, which the backend serves itself: its
 * own origin, and the origins `DEMO_ORIGINS` lists (a merchant's dev server, the browser tests),
 * which get CORS headers naming them. Whatever a browser sends from any other origin (a
 * preflight, a form post, a fetch) carries an `Origin` naming it, or a `Sec-Fetch-Site` saying
 * so, and is refused, with no CORS header, so no other page can read an answer. Requests with
 * neither (curl, a test, the webhook worker) are not a browser acting for another site, and pass.
 */
export function demoOriginsOnly(allowed: readonly string[] = []): MiddlewareHandler {
  const listed = new Set(allowed);
  return async function demoOrigins(c: Context, next) {
    const origin = c.req.header('origin');
    if (origin !== undefined && listed.has(origin)) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin');
      if (c.req.method !== 'OPTIONS') return next();
      const headers = c.req.header('access-control-request-headers');
      return c.body(null, 204, { 'Access-Control-Allow-Methods': 'GET,POST', 'Access-Control-Max-Age': '600', ...(headers ? { 'Access-Control-Allow-Headers': headers } : {}) });
    }
    const site = c.req.header('sec-fetch-site');
    const otherSite = site !== undefined && site !== 'same-origin' && site !== 'none';
    if (otherSite || (origin !== undefined && origin !== requestOrigin(c))) {
      return c.json(errorBody('CROSS_ORIGIN_REFUSED', 'The demo routes answer the demo page on its own origin (or those DEMO_ORIGINS lists) only.'), 403);
    }
    await next();
  };
}

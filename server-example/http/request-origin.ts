import type { Context } from 'hono';

/** A host and optional port (names, IPv4, bracketed IPv6): nothing that could add a path or credentials. */
const HOST = /^[a-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/i;

/**
 * The origin a request reached this backend at, `http(s)://host[:port]`, from `X-Forwarded-Host`
 * and `X-Forwarded-Proto` (a dev proxy or tunnel in front) or else `Host`, whichever is a well-formed
 * host first. Undefined when the request names none (an in-process `app.request`). Outside production
 * only: these headers are whatever the client sent, which a production setup must not trust.
 */
export function requestOrigin(c: Context): string | undefined {
  const first = (name: string) => c.req.header(name)?.split(',')[0]?.trim() || undefined;
  const forwarded = first('x-forwarded-proto');
  const protocol = forwarded === 'https' || forwarded === 'http' ? forwarded : new URL(c.req.url).protocol.replace(':', '');
  const originOf = (host: string | undefined): string | undefined => {
    if (!host || !HOST.test(host)) return undefined;
    try {
      return new URL(`${protocol}://${host}`).origin; // lower-cased, a default port dropped
    } catch {
      return undefined; // a port past 65535, say
    }
  };
  return originOf(first('x-forwarded-host')) ?? originOf(first('host'));
}

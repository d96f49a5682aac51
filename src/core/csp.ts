/**
 * Whether the page's Content-Security-Policy refused the element's requests. A refused `fetch`
 * rejects like a network failure; the browser reports why as a `securitypolicyviolation` event on
 * the document just after the rejection (Chromium), so a failed request waits for that report a
 * moment. A policy never loosens while the page lives: a URL refused once stays refused.
 */

/** How long a failed request waits for the browser's report, which comes within a task or two. */
const REPORT_WAIT_MS = 100;
const EVENT = 'securitypolicyviolation';

/** Refused URLs without query or fragment (`origin/` where a browser reports the origin only). */
const refused = new Set<string>();
let watching = false;

/** Listens from before the element's first request, once per page. */
export function watchPolicy(): void {
  if (watching || typeof document === 'undefined') return;
  watching = true;
  document.addEventListener(EVENT, (event) => {
    if (event.effectiveDirective !== 'connect-src' || event.disposition !== 'enforce') return;
    try {
      const { origin, pathname } = new URL(event.blockedURI);
      refused.add(origin + pathname);
    } catch {
      // Not a URL: nothing the element asked for.
    }
  });
}

/** True when the page's `connect-src` refused the request to `url`, which has just failed. */
export async function refusedByPolicy(url: string): Promise<boolean> {
  const { origin, pathname } = new URL(url);
  const seen = (): boolean => refused.has(origin + pathname) || refused.has(`${origin}/`);
  if (watching && !seen()) {
    // Until the report arrives (the listener above, added first, has recorded it by then) or the wait ends.
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        document.removeEventListener(EVENT, check);
        resolve();
      };
      const check = (): void => {
        if (seen()) done();
      };
      const timer = setTimeout(done, REPORT_WAIT_MS);
      document.addEventListener(EVENT, check);
    });
  }
  return seen();
}

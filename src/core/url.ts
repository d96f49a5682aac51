/** True for an absolute http(s) URL: the only kind the element will talk to or link to. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** Schemes that run script or reach into the browser itself: never a link the payer follows. */
const UNSAFE_SCHEME = /^(?:javascript|vbscript|data|blob|file|filesystem|about|view-source):$/;

/**
 * A link to a web page or an app (`https:`, `momo:`, `intent:`…) as the browser will read it;
 * `undefined` for anything else. Parsed, so `" JaVa\tScript:…"` is recognised for what it is.
 */
export function safeLink(value: unknown): string | undefined {
  try {
    const url = new URL(value as string);
    return UNSAFE_SCHEME.test(url.protocol) ? undefined : url.href;
  } catch {
    return undefined;
  }
}

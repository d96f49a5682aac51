/**
 * One cold load of a page, as a payer on a slow phone and a slow link gets it: a fresh browser
 * context as a Pixel 7 (empty cache, no open connection, no preflight cached), the CPU 4× slower, 400 kbps
 * each way (CDP), 400 ms per round trip (the latency proxy the browser goes through, which
 * delays preflights too). Measures navigation start → instructions visible in the page's own
 * clock, and the compressed bytes of what had arrived by then.
 */
import { type Browser, type CDPSession, devices } from '@playwright/test';
import { type InstructionsKind, watchForInstructions } from './instructions-watcher';

export const SLOW_3G = { roundTripMs: 400, bytesPerSecond: 400_000 / 8 };
export const CPU_SLOWDOWN = 4;
/** A payer's phone: its screen, user agent and touch (the pages may pick what to show first by them). */
const PHONE = devices['Pixel 7'];
/** A page that shows nothing in this long is broken, not slow. */
const DEADLINE_MS = 60_000;

export interface ColdLoad {
  /** Navigation start → the first frame with the instructions laid out. */
  visibleMs: number;
  /** Bytes on the wire (headers and compressed bodies) of the document and every resource that had finished loading by then. */
  bytesBeforeVisible: number;
  /** What those bytes were, URL by URL. */
  arrived: { url: string; bytes: number }[];
}

function withDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${DEADLINE_MS / 1000} s`)), DEADLINE_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Bytes per URL from CDP (`Network.loadingFinished`'s `encodedDataLength`), a preflight's with its request's. */
function wireBytes(cdp: CDPSession) {
  const urls = new Map<string, string>();
  const bytes = new Map<string, number>();
  let changed = () => {};
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => urls.set(requestId, request.url));
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const url = urls.get(requestId);
    if (url === undefined) return;
    bytes.set(url, (bytes.get(url) ?? 0) + encodedDataLength);
    changed();
  });
  /** Once CDP has reported every one of `wanted` finished (its events may trail the page's own account). */
  return (wanted: string[]) =>
    new Promise<{ url: string; bytes: number }[]>((resolve) => {
      const settle = () => {
        if (wanted.every((url) => bytes.has(url))) resolve(wanted.map((url) => ({ url, bytes: bytes.get(url)! })));
      };
      changed = settle;
      settle();
    });
}

export async function coldLoad(browser: Browser, url: string, kind: InstructionsKind): Promise<ColdLoad> {
  const context = await browser.newContext({ ...PHONE });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const finishedBytes = wireBytes(cdp);
    await cdp.send('Network.enable');
    // Latency 0 here: the proxy adds the round trip, to preflights as well.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: SLOW_3G.bytesPerSecond, uploadThroughput: SLOW_3G.bytesPerSecond });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    // As source text: tsx wraps named functions in `__name(…)` calls, a helper the page lacks.
    await page.addInitScript({ content: `(() => { const __name = (target) => target; (${watchForInstructions})(${JSON.stringify(kind)}); })();` });
    await page.goto(url, { waitUntil: 'commit', timeout: DEADLINE_MS });
    const seen = await withDeadline(
      page.evaluate(async () => {
        const visibleMs = await window.instructionsVisible!;
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        return {
          visibleMs,
          document: performance.getEntriesByType('navigation')[0]!.name,
          resources: resources.filter((entry) => entry.responseEnd > 0 && entry.responseEnd <= visibleMs).map((entry) => entry.name),
        };
      }),
      `${url}: instructions`,
    );
    // The document counts whole: without it nothing paints, even if its last bytes came later.
    const arrived = await withDeadline(finishedBytes([...new Set([seen.document, ...seen.resources])]), `${url}: CDP's account of its bytes`);
    return { visibleMs: seen.visibleMs, bytesBeforeVisible: arrived.reduce((sum, { bytes }) => sum + bytes, 0), arrived };
  } finally {
    await context.close();
  }
}

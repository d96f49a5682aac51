/**
 * How soon a payer sees how to pay, on a slow phone on slow 3G (400 kbps each way, 400 ms round
 * trips, preflights included; the CPU 4× slower): navigation start → the instructions laid out,
 * the median of cold loads (bench/first-paint/cold-load.ts), for
 *  - the payment link: the backend's hosted page (`url` in the answer to `POST /v1/checkouts`),
 *    the element rendered server-side; "not available" while the create answer has no `url`;
 *  - the script-tag embed: a merchant page of its own origin with the IIFE (`defer`) and
 *    `<momo-checkout token session>` for a fresh checkout (the session from its create answer),
 *    against the real backend and its sandboxes; and the same page with the token alone;
 *  - Adyen Web 6.45 showing a QR action (bench/adyen, built here), the baseline: its ratios are
 *    to Adyen measured in the same run, the pages' loads interleaved round by round. Adyen's
 *    servers (its status check, its QR image) are a stand-in on loopback: nothing reaches Adyen.
 * And the payment link's bytes before first paint: what had arrived when its instructions showed.
 * Static files are served gzip-compressed, as a CDN would. Run after `vite build` (the IIFE).
 *
 * `reportFirstPaint()` is what bench/run.ts calls; `node --import tsx bench/first-paint.ts [runs]` runs it alone.
 */
import { chromium } from '@playwright/test';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server-example/server';
import { chromiumArgs, chromiumPath } from '../test/chromium';
import { merchantRequest } from '../test/requests';
import { startAdyenStandIn } from './first-paint/adyen-stand-in';
import { buildAdyenPage } from './first-paint/build-adyen';
import { coldLoad, CPU_SLOWDOWN, SLOW_3G, type ColdLoad } from './first-paint/cold-load';
import { startGzipStatic } from './first-paint/gzip-static';
import { startLatencyProxy } from './first-paint/latency-proxy';

export const FIRST_PAINT_GOALS = {
  paymentLinkMs: 1_200,
  /** Each a ratio to Adyen's median in the same run. */
  paymentLinkToAdyen: 0.35,
  embedToAdyen: 0.6,
  paymentLinkBytesBeforePaint: 15 * 1024,
};

const MERCHANT_KEY = 'sk_sandbox';
const IIFE = fileURLToPath(new URL('../dist/lib/momo-checkout.iife.js', import.meta.url));
/** An attribute's value, escaped for HTML. */
const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * A merchant's checkout page: its own markup, the script-tag build, the element with the token
 * and, as the README advises, the session that came with it (without: the element reads it first).
 */
const merchantPage = ({ token, session }: { token: string; session?: unknown }) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Checkout · Example shop</title>
<script src="/lib/momo-checkout.iife.js" defer></script>
</head>
<body>
<h1>Your order</h1>
<momo-checkout token="${attribute(token)}"${session ? ` session="${attribute(JSON.stringify(session))}"` : ''}></momo-checkout>
</body>
</html>`;

export interface FirstPaint {
  runs: number;
  adyen: ColdLoad[];
  /** The merchant page hands the element the session that came with the checkout. */
  embed: ColdLoad[];
  /** The same page with the token alone: the element reads the session before it draws. */
  embedTokenOnly: ColdLoad[];
  /** Undefined: the create answer carried no `url` (the hosted page is not there yet). */
  paymentLink?: ColdLoad[];
}

export async function measureFirstPaint(runs = 5): Promise<FirstPaint> {
  // Each server as it starts; stopped in reverse, whatever failed.
  const stops: (() => Promise<unknown>)[] = [];
  await access(IIFE).catch(() => {
    throw new Error(`${IIFE} is missing: run \`vite build\` first`);
  });
  try {
    const dataDir = await mkdtemp(join(tmpdir(), 'momo-bench-first-paint-'));
    stops.push(() => rm(dataDir, { recursive: true, force: true }));
    const backend = await startServer({ port: 0, dataDir, quiet: true, config: { merchantApiKey: MERCHANT_KEY } });
    stops.push(() => backend.close());
    const api = `http://127.0.0.1:${backend.config.port}`;
    const adyenBuild = await buildAdyenPage('/adyen/');
    stops.push(() => rm(adyenBuild.dir, { recursive: true, force: true }));
    const adyenApi = await startAdyenStandIn();
    stops.push(() => adyenApi.close());
    /** The checkouts made for merchant pages, by id, as the merchant's server keeps its create answers. */
    const created = new Map<string, { token: string; session?: unknown }>();
    const site = await startGzipStatic({
      files: new Map([...adyenBuild.files, ['/lib/momo-checkout.iife.js', IIFE]]),
      pages: new Map([
        [
          '/shop/checkout.html',
          (query: URLSearchParams) => {
            const checkout = created.get(query.get('checkout') ?? '');
            if (!checkout) return undefined;
            return merchantPage(query.has('token-only') ? { token: checkout.token } : checkout);
          },
        ],
      ]),
    });
    stops.push(() => site.close());
    const proxy = await startLatencyProxy(SLOW_3G.roundTripMs);
    stops.push(() => proxy.close());
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, proxy: { server: proxy.url } });
    stops.push(() => browser.close());

    const createCheckout = async (): Promise<{ id: string; token: string; session?: unknown; url?: unknown }> => {
      const reference = `INV-${crypto.randomUUID().slice(0, 8)}`;
      const response = await merchantRequest(`${api}/v1/checkouts`, MERCHANT_KEY, {
        body: { provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference },
        idempotencyKey: crypto.randomUUID(),
      });
      if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
      const answer = (await response.json()) as { id: string; token: string; session?: unknown; url?: unknown };
      created.set(answer.id, answer);
      return answer;
    };
    const shopPage = async (query: string) => `${site.origin}/shop/checkout.html?checkout=${encodeURIComponent((await createCheckout()).id)}${query}`;
    const { urls } = adyenApi;
    const adyenPage = `${site.origin}/adyen/index.html?${new URLSearchParams({ api: urls.api, analytics: urls.analytics, cdn: urls.cdn.images })}`;
    const loads = {
      adyen: () => coldLoad(browser, adyenPage, 'adyen'),
      embed: async () => coldLoad(browser, await shopPage(''), 'momo-checkout'),
      embedTokenOnly: async () => coldLoad(browser, await shopPage('&token-only'), 'momo-checkout'),
      paymentLink: async () => {
        const { url } = await createCheckout();
        if (typeof url !== 'string') return undefined;
        const link = new URL(url, api);
        // The proxy reaches loopback only: a public base URL (PUBLIC_BASE_URL) would never load.
        if (link.hostname !== '127.0.0.1' && link.hostname !== 'localhost') throw new Error(`payment link: ${link.origin} is not this machine's backend (${api})`);
        return coldLoad(browser, link.href, 'momo-checkout');
      },
    };

    // A first round warms the servers (JIT, the compressed files), not the browser: every load is cold.
    const hasPaymentLink = (await loads.paymentLink()) !== undefined;
    await loads.adyen();
    await loads.embed();
    await loads.embedTokenOnly();
    const result: FirstPaint = { runs, adyen: [], embed: [], embedTokenOnly: [], ...(hasPaymentLink ? { paymentLink: [] } : {}) };
    const order = (['adyen', 'embed', 'embedTokenOnly', 'paymentLink'] as const).filter((name) => result[name]);
    for (let run = 0; run < runs; run++) {
      // Each round in another order: a page never always goes first or last.
      for (let step = 0; step < order.length; step++) {
        const name = order[(run + step) % order.length]!;
        const load = await loads[name]();
        if (!load) throw new Error(`${name}: the create answer stopped carrying a \`url\``);
        result[name]!.push(load);
      }
    }
    return result;
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

const verdict = (within: boolean) => (within ? 'within target' : 'OVER TARGET');
const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;
const bytes = (value: number) => `${value.toLocaleString('en-US')} B`;

function timeLine(name: string, loads: ColdLoad[], tail: string) {
  const times = loads.map((load) => load.visibleMs);
  console.log(`${name.padEnd(44)} n=${String(loads.length).padEnd(4)} median ${ms(median(times))}  min ${ms(Math.min(...times))}  max ${ms(Math.max(...times))}  ${tail}`);
}

/** Measures and prints each figure against its goal, as bench/run.ts's other lines. */
export async function reportFirstPaint(runs?: number): Promise<void> {
  let measured: FirstPaint;
  try {
    measured = await measureFirstPaint(runs);
  } catch (err) {
    // Said, not thrown: the benchmarks after this one still run.
    console.log(`${'first paint'.padEnd(44)} FAILED: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  const { adyen, embed, embedTokenOnly, paymentLink } = measured;
  const adyenMedian = median(adyen.map((load) => load.visibleMs));
  const ratio = (loads: ColdLoad[]) => median(loads.map((load) => load.visibleMs)) / adyenMedian;
  const goals = FIRST_PAINT_GOALS;
  console.log(`(${(SLOW_3G.bytesPerSecond * 8) / 1000} kbps each way, ${SLOW_3G.roundTripMs} ms round trips, CPU ${CPU_SLOWDOWN}× slower; cold loads, static files gzip)`);

  timeLine('Adyen Web 6.45 QR action (the baseline)', adyen, `(${bytes(Math.round(median(adyen.map((load) => load.bytesBeforeVisible))))} before its QR)`);
  if (paymentLink) {
    const linkMedian = median(paymentLink.map((load) => load.visibleMs));
    const within = linkMedian <= goals.paymentLinkMs && ratio(paymentLink) <= goals.paymentLinkToAdyen;
    timeLine('payment link → instructions', paymentLink, `${ratio(paymentLink).toFixed(2)}× Adyen  (target ≤ ${goals.paymentLinkMs} ms and ≤ ${goals.paymentLinkToAdyen}× Adyen: ${verdict(within)})`);
  } else {
    console.log(`${'payment link → instructions'.padEnd(44)} not available (POST /v1/checkouts answers no \`url\`)`);
  }
  timeLine('script-tag embed → instructions', embed, `${ratio(embed).toFixed(2)}× Adyen  (target ≤ ${goals.embedToAdyen}× Adyen: ${verdict(ratio(embed) <= goals.embedToAdyen)})`);
  timeLine('  the same, token only (reads its session)', embedTokenOnly, `${ratio(embedTokenOnly).toFixed(2)}× Adyen  (no target: the page did not hand the session)`);
  if (paymentLink) {
    const linkBytes = Math.round(median(paymentLink.map((load) => load.bytesBeforeVisible)));
    console.log(
      `${'payment link: bytes before first paint'.padEnd(44)} ${bytes(linkBytes).padStart(11)} in ${paymentLink[0]!.arrived.length} responses  (target ≤ ${bytes(goals.paymentLinkBytesBeforePaint)}: ${verdict(linkBytes <= goals.paymentLinkBytesBeforePaint)})`,
    );
  } else {
    console.log(`${'payment link: bytes before first paint'.padEnd(44)} not available (no payment link)`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  if (runs !== undefined && !(Number.isInteger(runs) && runs > 0)) throw new Error(`runs: a whole number above 0, not ${process.argv[2]}`);
  await reportFirstPaint(runs);
}

import type { Context } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from './lifecycle/clock';
import type { ProviderCallWatcher } from './providers/call-watch';
import type { Store } from './store/types';

export interface MetricsSources {
  /** Read at scrape time: how late the oldest due poll is, how many webhooks wait. */
  store: Pick<Store, 'duePolls' | 'dueReceiptPolls' | 'duePayoutPolls' | 'dueWebhookEvents'>;
  clock: Clock;
  /** How many event streams this instance holds open. */
  openStreams?: () => number;
}

export interface Metrics {
  /** This instance's own registry: several instances in one process (tests) never share one. */
  registry: Registry;
  /** The exposition: this instance's metrics and the process's own (CPU, memory, event loop, GC). */
  render(): Promise<string>;
  contentType: string;
  /** Counts and times an answered request by method, route pattern and status (called by the request log, which times it anyway). */
  requestAnswered(c: Context, seconds: number): void;
  /** Counts and times each provider call by provider, operation and outcome. */
  providerCalls: ProviderCallWatcher;
}

/** At most this many due webhooks are read per scrape: a backlog past it shows as this number. */
export const WEBHOOK_BACKLOG_READ_LIMIT = 1_000;

const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const PROVIDER_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** A version segment of a provider's path (`v1_0`, `v2`), kept as it is. */
const VERSION_SEGMENT = /^v\d+(?:[._]\d+)?$/i;

/**
 * A provider call's operation as a bounded label: the method and the path, with ids (any segment
 * holding a digit, other than a version, or a long one) as `:id` and the sandbox's mount prefix
 * dropped, so the sandbox and the real provider give the same label.
 */
export function providerOperation(method: string, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return method;
  }
  const segments = path
    .replace(/^\/sandbox\/[^/]+/, '')
    .split('/')
    .map((segment) => (segment.length > 24 || (/\d/.test(segment) && !VERSION_SEGMENT.test(segment)) || /[^\w.-]/.test(segment) ? ':id' : segment));
  return `${method} ${segments.join('/') || '/'}`;
}

/** The route pattern that answered (`/v1/session/status`, never a raw path with ids in it). */
function routeOf(c: Context): string {
  const pattern = routePath(c);
  // No route answered: the not-found handler did, after the catch-all middleware.
  return c.res.status === 404 && pattern.endsWith('*') ? 'unmatched' : pattern || 'unmatched';
}

async function oldestDueAt(store: MetricsSources['store'], now: string): Promise<number | undefined> {
  const [polls, receipts, payouts] = await Promise.all([store.duePolls(now, 1), store.dueReceiptPolls(now, 1), store.duePayoutPolls(now, 1)]);
  const times = [polls[0] && (polls[0].nextPollAt ?? polls[0].createdAt), receipts[0]?.receiptPollAt, payouts[0] && (payouts[0].nextPollAt ?? payouts[0].createdAt)]
    .filter((at): at is string => at !== undefined)
    .map((at) => Date.parse(at));
  return times.length ? Math.min(...times) : undefined;
}

let processRegistry: Registry | undefined;

/** The process's metrics, collected once per process: each collector watches the event loop and GC for as long as the process lives. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** The backend's Prometheus metrics (`GET /metrics`), process metrics included. */
export function createMetrics({ store, clock, openStreams }: MetricsSources): Metrics {
  const registry = new Registry();
  const registers = [registry];

  const requests = new Counter({ name: 'momo_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status.', labelNames: ['method', 'route', 'status'], registers });
  const requestSeconds = new Histogram({
    name: 'momo_http_request_duration_seconds',
    help: 'Time to answer an HTTP request (an event stream: until it opens), by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: HTTP_BUCKETS,
    registers,
  });
  // Bounded: methods, route patterns and statuses are few.
  const requestSeries = new Map<string, { count: { inc(): void }; seconds: { observe(value: number): void } }>();
  const calls = new Counter({
    name: 'momo_provider_calls_total',
    help: 'Calls to payment providers, by provider, operation and outcome (ok, rejected: 4xx, transient: 5xx/408/429, unavailable: no answer).',
    labelNames: ['provider', 'operation', 'outcome'],
    registers,
  });
  const callSeconds = new Histogram({
    name: 'momo_provider_call_duration_seconds',
    help: 'Time a provider call took, by provider and operation.',
    labelNames: ['provider', 'operation'],
    buckets: PROVIDER_BUCKETS,
    registers,
  });
  const callsInFlight = new Gauge({ name: 'momo_provider_calls_in_flight', help: 'Provider calls sent and not yet answered.', registers });
  new Gauge({
    name: 'momo_event_streams_open',
    help: 'Event streams (/v1/session/events) this instance holds open.',
    registers,
    collect() {
      this.set(openStreams?.() ?? 0);
    },
  });
  new Gauge({
    name: 'momo_reconciler_lag_seconds',
    help: 'How late the oldest due poll (checkout, receipt or payout) is; 0 when none is overdue.',
    registers,
    async collect() {
      const now = clock.now();
      // A store closing (shutdown) leaves the last value.
      const oldest = await oldestDueAt(store, new Date(now).toISOString()).catch(() => null);
      if (oldest !== null) this.set(oldest === undefined ? 0 : Math.max(0, (now - oldest) / 1_000));
    },
  });
  new Gauge({
    name: 'momo_webhook_backlog',
    help: `Webhook events due for delivery and not yet delivered (each subject's oldest; read up to ${WEBHOOK_BACKLOG_READ_LIMIT}).`,
    registers,
    async collect() {
      const due = await store.dueWebhookEvents(new Date(clock.now()).toISOString(), WEBHOOK_BACKLOG_READ_LIMIT).catch(() => undefined);
      if (due) this.set(due.length);
    },
  });

  return {
    registry,
    render: () => Registry.merge([registry, processMetrics()]).metrics(),
    contentType: registry.contentType,
    requestAnswered(c, seconds) {
      const { method } = c.req;
      const route = routeOf(c);
      const { status } = c.res;
      // The labelled series, found once per (method, route, status): prom-client hashes labels on every call otherwise.
      const key = `${method} ${status} ${route}`;
      let series = requestSeries.get(key);
      if (!series) {
        series = { count: requests.labels({ method, route, status: String(status) }), seconds: requestSeconds.labels({ method, route }) };
        requestSeries.set(key, series);
      }
      series.count.inc();
      series.seconds.observe(seconds);
    },
    providerCalls: {
      started({ provider, method, url }) {
        const operation = providerOperation(method, url);
        const started = performance.now();
        callsInFlight.inc();
        return (outcome) => {
          callsInFlight.dec();
          calls.inc({ provider, operation, outcome });
          callSeconds.observe({ provider, operation }, (performance.now() - started) / 1_000);
        };
      },
    },
  };
}

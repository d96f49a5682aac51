import type { Logger } from 'pino';
import type { Clock } from '../lifecycle/clock';
import type { Store, WebhookAttempt, WebhookEventRecord } from '../store/types';
import type { WebhookConfig } from './config';
import { readCappedText, describeDeliveryError } from './response';
import { webhookHeaders, webhookKey } from './sign';

export interface WebhookWorkerDeps {
  store: Store;
  clock: Clock;
  config: WebhookConfig;
  log: Logger;
  /** How often `start()` looks for due retries. Default 1 s. */
  pollIntervalMs?: number;
  /** Events one pass takes at most (`PARALLEL_SUBJECTS` by default: each sender gets one). */
  batchSize?: number;
}

export interface WebhookWorker {
  /** One pass: sends every due event once; resolves with the number of attempts it recorded. */
  runOnce(): Promise<number>;
  /** A pass soon, and more while they find work; many wakes before it starts make one. */
  wake(): void;
  /** Polls for due retries every `pollIntervalMs`, and drains what it finds. */
  start(): void;
  /** Stops the timer and the wakes; resolves once the pass in flight has ended. */
  stop(): Promise<void>;
}

export const WEBHOOK_POLL_INTERVAL_MS = 1_000;
/** Events of different subjects sent at once: enough for a slow receiver not to hold everyone up, few enough not to flood it. */
const PARALLEL_SUBJECTS = 8;
/** One event per sender a pass: the lease need only outlast one attempt per sender (webhookLeaseMs). */
const BATCH_SIZE = PARALLEL_SUBJECTS;
/** Beyond the attempts' timeouts: recording each outcome, and a busy event loop. */
const LEASE_MARGIN_MS = 30_000;

/**
 * How long a pass takes its events for: every sender's share of the batch at the attempt timeout,
 * and a margin. No other instance sends them meanwhile; should this one die mid-attempt, another
 * sends them again once it lapses (at least once, never two attempts at once). Unlike the
 * reconciler's, it needs no renewal: a pass's senders start at once, each attempt is cut off at
 * the timeout (the body's reading included), and nothing else waits in between, so every
 * attempt ends inside the lease taken at the pass's start.
 */
export function webhookLeaseMs(timeoutMs: number, batchSize = BATCH_SIZE): number {
  return Math.ceil(batchSize / PARALLEL_SUBJECTS) * timeoutMs + LEASE_MARGIN_MS;
}
export const MAX_STORED_RESPONSE_BYTES = 1024;

const isSuccess = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

/**
 * Delivers the outbox to the merchant (docs/architecture.md, "Merchant webhooks"). Each event is
 * POSTed with its own `webhook-id` and body on every attempt; any 2xx delivers it, anything else
 * moves it one step along `retryMs`, and past the last step it is `failed`. At least once: an
 * attempt is recorded only after it ended, so a process that dies mid-attempt sends it again.
 *
 * Timing. New events come through `wake()`, called after each commit that wrote one: a pass
 * starts on the next microtask, so a webhook leaves a few ms after its status change. Retries,
 * and events left by a previous process, are found by a poll every `pollIntervalMs` rather than a
 * timer set to the next due time: the store would need another query for that time, and a
 * second's lateness on a schedule of seconds to hours does not matter. Passes never overlap:
 * `runOnce`, wakes and the poll all queue on one chain. Across instances, a pass takes its events
 * with a lease (`webhookLeaseMs`): each is attempted by one instance at a time, and a subject's next
 * event waits behind the one leased (the store gives only a subject's oldest pending one).
 */
export function createWebhookWorker({ store, clock, config, log, ...options }: WebhookWorkerDeps): WebhookWorker {
  const { url } = config;
  if (!url) throw new Error('The webhook worker needs MERCHANT_WEBHOOK_URL.');
  const key = webhookKey(config.secret);
  const pollIntervalMs = options.pollIntervalMs ?? WEBHOOK_POLL_INTERVAL_MS;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const leaseMs = webhookLeaseMs(config.timeoutMs, batchSize);
  let chain: Promise<unknown> = Promise.resolve();
  let wakeQueued = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  /** Queues `task` after the pass in flight, so that two passes never run at once. */
  function serially<T>(task: () => Promise<T>): Promise<T> {
    const result = chain.then(task);
    chain = result.catch(() => {});
    return result;
  }

  async function post(event: WebhookEventRecord, attemptAtMs: number): Promise<Pick<WebhookAttempt, 'status' | 'error' | 'response'>> {
    const signal = AbortSignal.timeout(config.timeoutMs);
    try {
      const response = await fetch(url!, {
        method: 'POST',
        // A fresh connection each time: a kept-alive one the merchant has meanwhile closed would fail
        // the attempt and cost a step of the schedule; a handshake costs far less.
        headers: { ...webhookHeaders(key, event.id, attemptAtMs, event.payload), connection: 'close' },
        body: event.payload,
        // A redirect is an answer other than 2xx; following it would send the event somewhere unconfigured.
        redirect: 'manual',
        signal,
      });
      return { status: response.status, response: await readCappedText(response, MAX_STORED_RESPONSE_BYTES) };
    } catch (err) {
      return { error: describeDeliveryError(err, config.timeoutMs) };
    }
  }

  /** One attempt at one event, then its outcome and the next step recorded, under the pass's lease; false when the lease was lost. */
  async function attempt(event: WebhookEventRecord, lease: string): Promise<boolean> {
    const startedAtMs = clock.now();
    const outcome = await post(event, startedAtMs);
    const endedAtMs = clock.now();
    const nextStep = event.scheduleStep + 1;
    const state = isSuccess(outcome.status) ? 'delivered' : nextStep < config.retryMs.length ? 'pending' : 'failed';
    const recorded = await store.recordWebhookAttempt(
      event.id,
      {
        ...outcome,
        at: new Date(startedAtMs).toISOString(),
        state,
        scheduleStep: state === 'pending' ? nextStep : event.scheduleStep,
        ...(state === 'pending' ? { nextAttemptAt: new Date(endedAtMs + config.retryMs[nextStep]!).toISOString() } : {}),
      },
      lease,
    );
    const line = { eventId: event.id, type: event.type, attempt: event.attempts + 1, status: outcome.status, error: outcome.error, state };
    if (!recorded) {
      // The lease lapsed mid-attempt and another instance took the event: its attempt is the one that counts.
      log.warn(line, 'webhook attempt not recorded: lease lost to another instance');
      return false;
    }
    if (state === 'delivered') log.info(line, 'webhook delivered');
    else if (state === 'pending') log.warn(line, 'webhook not delivered: will retry');
    else log.error(line, 'webhook failed: retry schedule used up');
    return true;
  }

  /** The first step waits `retryMs[0]` after the event was queued (its `nextAttemptAt`); later steps are due at theirs. */
  function isDue(event: WebhookEventRecord, nowMs: number): boolean {
    if (event.scheduleStep !== 0 || !event.nextAttemptAt) return true;
    return Date.parse(event.nextAttemptAt) + (config.retryMs[0] ?? 0) <= nowMs;
  }

  async function pass(): Promise<number> {
    const nowMs = clock.now();
    const lease = new Date(nowMs + leaseMs).toISOString();
    const taken = await store.dueWebhookEvents(new Date(nowMs).toISOString(), batchSize, lease);
    const due = taken.filter((event) => isDue(event, nowMs));
    // Taken but still inside the first step's wait: given back unattempted, due when it was.
    for (const event of taken) if (!due.includes(event)) await store.releaseWebhookEvent(event.id, lease);
    // The store gives one event per subject; grouping keeps each subject's events in order regardless.
    const bySubject = new Map<string, WebhookEventRecord[]>();
    for (const event of due) bySubject.set(event.subjectId, [...(bySubject.get(event.subjectId) ?? []), event]);
    const queues = [...bySubject.values()];
    let recorded = 0;
    const sender = async () => {
      for (let events = queues.shift(); events; events = queues.shift()) {
        for (const event of events) {
          if (await attempt(event, lease)) recorded += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_SUBJECTS, queues.length) }, sender));
    return recorded;
  }

  /** Passes until one finds nothing: a delivered event lets its subject's next one go at once. */
  async function drain(): Promise<void> {
    try {
      while (!stopped && (await pass()) > 0);
    } catch (err) {
      // The poll tries again; a failing store must not spin.
      log.error({ err }, 'webhook pass failed');
    }
  }

  function poll() {
    timer = setTimeout(() => {
      void serially(drain).then(() => {
        if (!stopped) poll();
      });
    }, pollIntervalMs);
    timer.unref();
  }

  return {
    runOnce: () => serially(pass),
    wake() {
      if (stopped || wakeQueued) return;
      wakeQueued = true;
      void serially(() => {
        wakeQueued = false;
        return drain();
      });
    },
    start() {
      if (timer || stopped) return;
      // The host only: a merchant's URL may carry a token in its path or query.
      log.info({ host: new URL(url).host, retryMs: config.retryMs, timeoutMs: config.timeoutMs }, 'webhook worker started');
      void serially(drain);
      poll();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await chain;
    },
  };
}

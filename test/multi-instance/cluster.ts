/**
 * The multi-instance harness: a fresh PostgreSQL database, the provider sandboxes in their own
 * process, and N backend instances as child processes on that database, all over real HTTP, as
 * in production behind a load balancer. An instance can be stopped (SIGTERM), killed (SIGKILL)
 * and started again on its port. Each process's log lines are kept, and a test waits for the line
 * it needs (`waitForLog`) rather than sleeping or re-reading the database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { StatusUpdate } from '../../contract';
import type { CollectionCall } from '../../server-example/sandboxes/mtn-momo/call-log';
import { DEFAULT_SUBSCRIPTION_KEY } from '../../server-example/sandboxes/mtn-momo';
import { createTestDatabase, type TestDatabase } from '../postgres-database';
import { elementRequest, merchantRequest, type MerchantRequestInit } from '../requests';
import type { InstanceReady } from './instance';

export type { TestDatabase };
export const MERCHANT_KEY = 'sk_multi_instance';
/** Every instance signs and checks tokens with it: a token from one is good on all. */
const TOKEN_SECRET = 'multi-instance-token-secret-0123456789abcdef';
/** Every instance signs webhooks with it: the merchant checks one key whoever sent. */
export const WEBHOOK_SECRET = `whsec_${Buffer.from('multi-instance-webhook-secret-32b').toString('base64')}`;
/** How long a start may take (tsx compiles the server first) before the harness gives up. */
const START_WITHIN_MS = 60_000;
/** How long a log line is waited for: a lost one fails the test rather than hanging it. */
const LOG_WITHIN_MS = 60_000;

/** A JSON log line of one of the processes. */
export type LogLine = Record<string, unknown> & { msg?: string };

/** Keeps a process's log lines; a waiter sees the lines already kept and those to come. */
class LogWatch {
  readonly lines: LogLine[] = [];
  readonly #events = new EventEmitter();

  constructor() {
    this.#events.setMaxListeners(0);
  }

  add(text: string) {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text };
    }
    this.lines.push(line);
    this.#events.emit('line', line);
  }

  /** The first line from index `since` on that `matches`. */
  waitFor(matches: (line: LogLine) => boolean, since = 0, what = 'a log line'): Promise<LogLine> {
    const seen = this.lines.slice(since).find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#events.off('line', listen);
        reject(new Error(`timed out waiting for ${what}`));
      }, LOG_WITHIN_MS).unref();
      const listen = (line: LogLine) => {
        if (!matches(line)) return;
        clearTimeout(timer);
        this.#events.off('line', listen);
        resolve(line);
      };
      this.#events.on('line', listen);
    });
  }

  tail(count = 30): string {
    return this.lines
      .slice(-count)
      .map((line) => JSON.stringify(line))
      .join('\n');
  }
}

/** Every child still running: a test process that ends abruptly (a throw, Ctrl-C) takes them with it. */
const children = new Set<ChildProcess>();
const killChildren = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.once('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killChildren();
    // Then ends as the signal would have.
    process.kill(process.pid, signal);
  });
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function watchOutput(child: ChildProcess, logs: LogWatch) {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (text) => logs.add(text));
  }
}

// ── the database ─────────────────────────────────────────────────────────

/** A fresh database `momo_mi_<random>` on the local server; `drop()` removes it, connections and all. */
export const createDatabase = (prefix = 'momo_mi'): Promise<TestDatabase> => createTestDatabase(prefix);

// ── the sandboxes process ────────────────────────────────────────────────

export interface SandboxesProcess {
  url: string;
  logs: LogWatch;
  /** A control or wire call on the MTN sandbox: `path` below `/sandbox/mtn-momo`. */
  mtn(path: string, init?: RequestInit): Promise<Response>;
  /** The collection calls the MTN sandbox answered (its `/control/calls`). */
  calls(filter?: { kind?: CollectionCall['kind']; referenceId?: string }): Promise<CollectionCall[]>;
  stop(): Promise<void>;
}

/** `server-example/sandboxes/main.ts` on a free loopback port; resolves on its start line, which names its URL. */
export async function startSandboxes(): Promise<SandboxesProcess> {
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', 'server-example/sandboxes/main.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const logs = new LogWatch();
  watchOutput(child, logs);
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the sandboxes process exited with ${code} before it listened:\n${logs.tail()}`);
  });
  const started = await Promise.race([logs.waitFor((line) => typeof line.url === 'string' && typeof line.port === 'number', 0, 'the sandboxes to listen'), exited]);
  exited.catch(() => {});
  const url = started.url as string;
  const mtn = (path: string, init?: RequestInit) => fetch(`${url}/sandbox/mtn-momo${path}`, init);
  return {
    url,
    logs,
    mtn,
    async calls(filter = {}) {
      const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined));
      const response = await mtn(`/control/calls?${query}`);
      if (!response.ok) throw new Error(`/control/calls: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { calls: CollectionCall[] }).calls;
    },
    async stop() {
      await stopChild(child, 'SIGTERM');
    },
  };
}

/** One MTN API user for every instance, as a deployment configures it: MTN counts its status calls by it. */
export async function provisionMtnApiUser(sandboxes: SandboxesProcess): Promise<{ MTN_API_USER: string; MTN_API_KEY: string }> {
  const user = crypto.randomUUID();
  const headers = { 'Ocp-Apim-Subscription-Key': DEFAULT_SUBSCRIPTION_KEY, 'Content-Type': 'application/json' };
  const made = await sandboxes.mtn('/v1_0/apiuser', { method: 'POST', headers: { ...headers, 'X-Reference-Id': user }, body: JSON.stringify({ providerCallbackHost: 'localhost' }) });
  if (made.status !== 201) throw new Error(`MTN sandbox API user: ${made.status} ${await made.text()}`);
  const key = (await (await sandboxes.mtn(`/v1_0/apiuser/${user}/apikey`, { method: 'POST', headers })).json()) as { apiKey: string };
  return { MTN_API_USER: user, MTN_API_KEY: key.apiKey };
}

// ── backend instances ────────────────────────────────────────────────────

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Instance {
  name: string;
  /** Where requests go (the bound port on loopback). */
  readonly api: string;
  /** What its tokens and callbacks name. */
  readonly publicUrl: string;
  readonly running: boolean;
  logs: LogWatch;
  /** Sends the signal and resolves once the process exited. */
  kill(signal: 'SIGTERM' | 'SIGKILL'): Promise<Exit>;
  /** Starts it again, on the same port (callbacks that name it reach it again). */
  restart(): Promise<void>;
  merchant(path: string, init?: MerchantRequestInit): Promise<Response>;
  element(path: string, token: string, init?: RequestInit): Promise<Response>;
  /** `POST /sandbox/checkouts/{id}/{action}` on this instance: the payer acts at the provider's sandbox. */
  actAsPayer(checkoutId: string, action: 'approve' | 'decline' | 'expire'): Promise<Response>;
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  child.kill(signal);
  return exited;
}

function spawnInstance(name: string, env: NodeJS.ProcessEnv, logs: LogWatch, keepLogs: boolean): Promise<{ child: ChildProcess; ready: InstanceReady }> {
  // Without keepLogs (a benchmark) its log lines go nowhere, as to /dev/null in production measures; errors still come.
  const child = track(spawn(process.execPath, ['--import', 'tsx', 'test/multi-instance/instance.ts'], { env, stdio: ['ignore', keepLogs ? 'pipe' : 'ignore', 'pipe', 'ipc'] }));
  watchOutput(child, logs);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`instance ${name} did not start within ${START_WITHIN_MS} ms:\n${logs.tail()}`));
    }, START_WITHIN_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited with ${code} before it listened:\n${logs.tail()}`));
    };
    child.once('exit', onExit);
    child.on('message', (message: InstanceReady) => {
      if (message.event !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ child, ready: message });
    });
  });
}

async function startInstance(name: string, baseEnv: NodeJS.ProcessEnv, root: string, keepLogs: boolean): Promise<Instance> {
  // Its webhook secret and such; the data itself is in PostgreSQL.
  const dataDir = join(root, name);
  const logs = new LogWatch();
  const env = { ...baseEnv, DATA_DIR: dataDir, DEMO_DIR: join(dataDir, 'no-demo') };
  let { child, ready } = await spawnInstance(name, { ...env, PORT: '0' }, logs, keepLogs);
  const api = `http://127.0.0.1:${ready.port}`;
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    api,
    publicUrl: ready.url,
    logs,
    get running() {
      return running();
    },
    kill: (signal) => stopChild(child, signal),
    async restart() {
      if (running()) throw new Error(`instance ${name} is running`);
      ({ child, ready } = await spawnInstance(name, { ...env, PORT: String(ready.port) }, logs, keepLogs));
    },
    merchant: (path, init) => merchantRequest(`${api}${path}`, MERCHANT_KEY, init),
    element: (path, token, init) => elementRequest(`${api}${path}`, token, init),
    actAsPayer(checkoutId, action) {
      return fetch(`${api}/sandbox/checkouts/${checkoutId}/${action}`, { method: 'POST' });
    },
  };
}

// ── the cluster ──────────────────────────────────────────────────────────

export interface ClusterOptions {
  /** Default 3. */
  instances?: number;
  /** On top of the shared environment: reconciler settings, webhook retries… */
  env?: Record<string, string>;
  /** On top of `env`, one instance's own (by name: A, B…), made once the sandboxes run (a tap in front of them, say). */
  instanceEnv?: (name: string, sandboxes: SandboxesProcess) => Record<string, string> | Promise<Record<string, string>>;
  /** Where merchant webhooks go (MERCHANT_WEBHOOK_URL); none are sent without it. */
  webhookUrl?: string;
  /** False: the instances' log lines (stdout) are not read, so `waitForLog` sees none (benchmarks). Default true. */
  keepLogs?: boolean;
}

export interface Cluster {
  database: TestDatabase;
  sandboxes: SandboxesProcess;
  instances: Instance[];
  /** A line on any instance, already logged or to come, that `matches`. */
  waitForLog(matches: (line: LogLine) => boolean, what?: string): Promise<LogLine>;
  close(): Promise<void>;
}

/** Everything a test needs running: database, sandboxes, then the instances (started side by side). */
export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const database = await createDatabase();
  const root = mkdtempSync(join(tmpdir(), 'momo-mi-'));
  let sandboxes: SandboxesProcess | undefined;
  const instances: Instance[] = [];
  const close = async () => {
    await Promise.all(instances.map((instance) => instance.kill('SIGKILL')));
    await sandboxes?.stop();
    await database.drop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const running = await startSandboxes();
    sandboxes = running;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: database.url,
      SANDBOX_URL: sandboxes.url,
      TOKEN_SECRET,
      MERCHANT_API_KEY: MERCHANT_KEY,
      MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      DEMO: 'on',
      LOG_LEVEL: 'info',
      ...(await provisionMtnApiUser(sandboxes)),
      ...(options.webhookUrl ? { MERCHANT_WEBHOOK_URL: options.webhookUrl } : {}),
      ...options.env,
    };
    for (const key of ['PUBLIC_BASE_URL', 'DATABASE_FILE', 'MOMO_TEST_POSTGRES', 'PORT', 'HOST']) delete env[key];
    // Side by side, as a deployment rolls them out: the migrations take a lock, one applies them.
    const names = ['A', 'B', 'C', 'D', 'E'].slice(0, options.instances ?? 3);
    const started = await Promise.allSettled(names.map(async (name) => startInstance(name, { ...env, ...(await options.instanceEnv?.(name, running)) }, root, options.keepLogs !== false)));
    for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
  return {
    database,
    sandboxes,
    instances,
    waitForLog(matches, what) {
      return Promise.race(instances.map((instance) => instance.logs.waitFor(matches, 0, what)));
    },
    async close() {
      await close();
      for (const instance of instances) instance.logs.lines.length = 0;
    },
  };
}

/** The cluster's first three instances, by name A, B and C. */
export function threeInstances(cluster: Cluster): [Instance, Instance, Instance] {
  const [a, b, c] = cluster.instances;
  if (!a || !b || !c) throw new Error('the cluster has fewer than three instances');
  return [a, b, c];
}

// ── what the tests send and read ─────────────────────────────────────────

export const invoice = (overrides: Record<string, unknown> = {}) => ({
  provider: 'mtn-momo',
  method: 'invoice',
  amount: '150000',
  currency: 'UGX',
  reference: `INV-${randomBytes(5).toString('hex')}`,
  description: 'Term 1 school fees',
  ...overrides,
});

export interface CreatedCheckout {
  id: string;
  token: string;
  status: string;
  reference: string;
}

export async function createCheckout(instance: Instance, body: Record<string, unknown> = invoice()): Promise<CreatedCheckout> {
  const response = await instance.merchant('/v1/checkouts', { body, idempotencyKey: crypto.randomUUID() });
  if (response.status !== 201) throw new Error(`create on ${instance.name}: ${response.status} ${await response.text()}`);
  return { ...((await response.json()) as Omit<CreatedCheckout, 'reference'>), reference: String(body.reference) };
}

export interface CheckoutHistory {
  id: string;
  status: string;
  providerReference?: string;
  events: { source: string; status: string; reason?: string }[];
}

export async function checkoutHistory(instance: Instance, id: string): Promise<CheckoutHistory> {
  const response = await instance.merchant(`/v1/checkouts/${id}`);
  if (response.status !== 200) throw new Error(`GET /v1/checkouts/${id} on ${instance.name}: ${response.status}`);
  return (await response.json()) as CheckoutHistory;
}

/** One SSE block of `/v1/session/events`. */
export interface StreamEvent {
  event: string;
  data: unknown;
  retry?: number;
}

/**
 * An element's `/v1/session/events` on one instance: every block is kept; `until` resolves on
 * the first block (seen or to come) that matches, `ended` once the server closed the stream.
 */
export interface EventStream {
  events: StreamEvent[];
  statuses(): StatusUpdate[];
  until(matches: (event: StreamEvent) => boolean, what?: string): Promise<StreamEvent>;
  untilStatus(status: string): Promise<StatusUpdate>;
  ended: Promise<void>;
  close(): Promise<void>;
}

export async function openEventStream(instance: Instance, token: string): Promise<EventStream> {
  const response = await instance.element('/v1/session/events', token);
  if (!response.ok || !response.body) throw new Error(`events on ${instance.name}: ${response.status} ${await response.text()}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const events: StreamEvent[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  let buffer = '';
  let done = false;
  const ended = (async () => {
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffer += chunk.value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .find((line) => line.startsWith(`${name}:`))
              ?.slice(name.length + 1)
              .trim();
          const event = field('event');
          if (!event) continue;
          const retry = field('retry');
          const parsed: StreamEvent = { event, data: JSON.parse(field('data') ?? 'null'), ...(retry ? { retry: Number(retry) } : {}) };
          events.push(parsed);
          arrivals.emit('event', parsed);
        }
      }
    } catch {
      // Cancelled by close(), or the connection dropped: the stream ended either way.
    } finally {
      done = true;
      arrivals.emit('end');
    }
  })();
  const until = (matches: (event: StreamEvent) => boolean, what = 'an event') => {
    const seen = events.find(matches);
    if (seen) return Promise.resolve(seen);
    if (done) return Promise.reject(new Error(`the stream on ${instance.name} ended before ${what}: ${JSON.stringify(events)}`));
    return new Promise<StreamEvent>((resolve, reject) => {
      const onEvent = (event: StreamEvent) => {
        if (!matches(event)) return;
        arrivals.off('end', onEnd);
        arrivals.off('event', onEvent);
        resolve(event);
      };
      const onEnd = () => {
        arrivals.off('event', onEvent);
        reject(new Error(`the stream on ${instance.name} ended before ${what}: ${JSON.stringify(events)}`));
      };
      arrivals.on('event', onEvent);
      arrivals.once('end', onEnd);
    });
  };
  const statuses = () => events.filter((event) => event.event === 'status').map((event) => event.data as StatusUpdate);
  // The first status comes at once: the stream is open (and subscribed) once it is here.
  await until((event) => event.event === 'status', 'the first status');
  return {
    events,
    statuses,
    until,
    async untilStatus(status) {
      return (await until((event) => event.event === 'status' && (event.data as StatusUpdate).status === status, `status ${status}`)).data as StatusUpdate;
    },
    ended,
    async close() {
      await reader.cancel().catch(() => {});
      await ended;
    },
  };
}

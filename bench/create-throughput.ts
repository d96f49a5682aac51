/**
 * `POST /v1/checkouts` throughput: MTN MoMo invoices (a POST and the GET that reads the invoice's
 * paymentReference, through the sandbox over HTTP), with `clients` concurrent merchants each sending
 * its next create as soon as the last is answered. A create is not a status call, so MTN's 10
 * status calls a second must not pace it: the target is well above that (see CREATE_THROUGHPUT_GOAL).
 * Without `urls` it starts its own backend (SQLite in a temporary directory, or `databaseUrl`);
 * with them it spreads the clients over running instances. Run alone with `node --import tsx bench/create-throughput.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server-example/server';

/**
 * Creates a second the backend should sustain: five times what the status limiter would let
 * through (10/s), so a create waiting on it shows at once; and a merchant's busiest moment (a
 * fees deadline, a ticket sale) is tens of creates a second, which this leaves room for on one
 * instance of a two-core machine.
 */
export const CREATE_THROUGHPUT_GOAL = 50;

const MERCHANT_KEY = 'sk_sandbox';

export interface CreateThroughputOptions {
  /** Concurrent merchants, each one create at a time. Default 10. */
  clients?: number;
  /** Creates sent after the warm-up, in all. Default 300. */
  creates?: number;
  /** Running instances to spread the clients over; unset: one backend of its own. */
  urls?: string[];
  /** For its own backend: PostgreSQL at this URL (a database of the caller's) instead of SQLite. */
  databaseUrl?: string;
  merchantApiKey?: string;
}

export interface CreateThroughput {
  createsPerSecond: number;
  creates: number;
  clients: number;
  p95Ms: number;
}

async function createCheckout(api: string, merchantApiKey: string): Promise<void> {
  const response = await fetch(`${api}/v1/checkouts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${merchantApiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: `INV-${crypto.randomUUID().slice(0, 8)}` }),
  });
  if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
  await response.body?.cancel();
}

async function load(urls: string[], merchantApiKey: string, clients: number, creates: number): Promise<CreateThroughput> {
  let left = creates;
  const latencies: number[] = [];
  async function client(index: number) {
    const api = urls[index % urls.length]!;
    while (left > 0) {
      left -= 1;
      const start = performance.now();
      await createCheckout(api, merchantApiKey);
      latencies.push(performance.now() - start);
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const p95Ms = latencies[Math.min(latencies.length - 1, Math.floor(0.95 * latencies.length))] ?? 0;
  return { createsPerSecond: (creates * 1_000) / elapsedMs, creates, clients, p95Ms };
}

/** Warms up (the provider token, prepared statements), then times `creates` creates from `clients` clients. */
export async function measureCreateThroughput(options: CreateThroughputOptions = {}): Promise<CreateThroughput> {
  const clients = options.clients ?? 10;
  const creates = options.creates ?? 300;
  const merchantApiKey = options.merchantApiKey ?? MERCHANT_KEY;
  if (options.urls) {
    await load(options.urls, merchantApiKey, clients, clients);
    return load(options.urls, merchantApiKey, clients, creates);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'momo-creates-'));
  const backend = await startServer({ port: 0, dataDir, quiet: true, config: { merchantApiKey, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) } });
  try {
    const urls = [`http://127.0.0.1:${backend.config.port}`];
    await load(urls, merchantApiKey, clients, clients);
    return await load(urls, merchantApiKey, clients, creates);
  } finally {
    await backend.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Prints the measure as bench/run.ts reports, against the goal. */
export async function reportCreateThroughput(options: CreateThroughputOptions = {}, label = 'POST /v1/checkouts (MTN invoice)'): Promise<CreateThroughput> {
  const result = await measureCreateThroughput(options);
  const verdict = result.createsPerSecond >= CREATE_THROUGHPUT_GOAL ? 'within target' : 'UNDER TARGET';
  console.log(
    `${`${label}, ${result.clients} clients`.padEnd(44)} ${result.createsPerSecond.toFixed(0).padStart(7)} creates/s  p95 ${result.p95Ms.toFixed(1)} ms  (target ≥ ${CREATE_THROUGHPUT_GOAL}/s: ${verdict})`,
  );
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await reportCreateThroughput();

/**
 * `GET /v1/session/status` throughput, as a ratio to a bare `node:http` hello server measured in
 * the same run on the same machine (so the number says what our stack costs, not how fast the
 * machine is). The load comes from bench/http-load.ts in a child process, over keep-alive
 * connections. The three are measured in turns, several rounds, and each keeps its best round:
 * on a shared machine a burst of other work then lowers no one's figure alone. The backend logs at
 * its default level (info) to /dev/null: what logging costs in production is part of the measure.
 * Run alone with `node --import tsx bench/status-throughput.ts`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { startServer } from '../server-example/server';
import type { LoadResult, LoadSpec } from './http-load';

/** The goal: the status endpoint at half the hello server's rate or better. */
export const STATUS_THROUGHPUT_GOAL = 0.5;

const MERCHANT_KEY = 'sk_sandbox';
const LOAD_SCRIPT = fileURLToPath(new URL('./http-load.ts', import.meta.url));

export interface ThroughputOptions {
  connections?: number;
  /** Each measure's warm-up and measured time, in every round. */
  warmupMs?: number;
  durationMs?: number;
  rounds?: number;
}

export interface StatusThroughput {
  helloPerSecond: number;
  /** A poll as the element sends it: If-None-Match with the current ETag, answered 304. */
  pollPerSecond: number;
  /** The first read, or one after a change: 200 with the status. */
  readPerSecond: number;
  pollRatio: number;
  readRatio: number;
}

/** Runs the specs in order in one load-generator process. */
function load(specs: LoadSpec[]): Promise<LoadResult[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', LOAD_SCRIPT, JSON.stringify(specs)], (err, stdout) => {
      if (err) return reject(err);
      const results = JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult[];
      const failed = results.findIndex((result) => result.errors > 0);
      if (failed >= 0) return reject(new Error(`${specs[failed]!.url}: ${results[failed]!.errors} unexpected answers`));
      resolve(results);
    });
  });
}

/** Measures the hello server, then the status endpoint (304 and 200), one after another. */
export async function measureStatusThroughput(options: ThroughputOptions = {}): Promise<StatusThroughput> {
  const shape = { connections: options.connections ?? 16, warmupMs: options.warmupMs ?? 500, durationMs: options.durationMs ?? 2_000 };
  const rounds = options.rounds ?? 3;
  const hello = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('hello'));
  await new Promise<void>((resolve) => hello.listen(0, '127.0.0.1', resolve));
  const dataDir = await mkdtemp(join(tmpdir(), 'momo-throughput-'));
  const backend = await startServer({
    port: 0,
    dataDir,
    logDestination: pino.destination({ dest: '/dev/null', sync: false }),
    config: { merchantApiKey: MERCHANT_KEY, logLevel: 'info' },
  });
  try {
    const api = `http://127.0.0.1:${backend.config.port}`;
    const created = await fetch(`${api}/v1/checkouts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${MERCHANT_KEY}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: `INV-${crypto.randomUUID().slice(0, 8)}` }),
    });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
    const { token } = (await created.json()) as { token: string };
    const authorization = { Authorization: `Bearer ${token}` };
    const first = await fetch(`${api}/v1/session/status`, { headers: authorization });
    const etag = first.headers.get('etag')!;

    const round: LoadSpec[] = [
      { ...shape, url: `http://127.0.0.1:${(hello.address() as AddressInfo).port}/`, expectStatus: 200 },
      { ...shape, url: `${api}/v1/session/status`, headers: { ...authorization, 'If-None-Match': etag }, expectStatus: 304 },
      { ...shape, url: `${api}/v1/session/status`, headers: authorization, expectStatus: 200 },
    ];
    const results = await load(Array.from({ length: rounds }, () => round).flat());
    const best = (index: number) => Math.max(...results.filter((_, at) => at % round.length === index).map((result) => result.requestsPerSecond));
    const [helloPerSecond, pollPerSecond, readPerSecond] = [best(0), best(1), best(2)];
    return { helloPerSecond, pollPerSecond, readPerSecond, pollRatio: pollPerSecond / helloPerSecond, readRatio: readPerSecond / helloPerSecond };
  } finally {
    await backend.close();
    await new Promise<void>((resolve) => hello.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Prints the measure as bench/run.ts reports, each ratio against the goal. */
export async function reportStatusThroughput(options: ThroughputOptions = {}): Promise<StatusThroughput> {
  const result = await measureStatusThroughput(options);
  const line = (name: string, perSecond: number, ratio: number) => {
    const verdict = ratio >= STATUS_THROUGHPUT_GOAL ? 'within target' : 'UNDER TARGET';
    console.log(`${name.padEnd(44)} ${perSecond.toFixed(0).padStart(7)} req/s  ${ratio.toFixed(2)}× hello (target ≥ ${STATUS_THROUGHPUT_GOAL}×: ${verdict})`);
  };
  console.log(`${'bare node:http hello server'.padEnd(44)} ${result.helloPerSecond.toFixed(0).padStart(7)} req/s`);
  line('GET /v1/session/status (304, a poll)', result.pollPerSecond, result.pollRatio);
  line('GET /v1/session/status (200, a read)', result.readPerSecond, result.readRatio);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await reportStatusThroughput();

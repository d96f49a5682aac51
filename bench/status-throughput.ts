/**
 * `GET /v1/session/status` throughput, as a ratio to a bare `node:http` hello server measured in
 * the same run on the same machine (so the number says what our stack costs, not how fast the
 * machine is). The load comes from bench/http-load.ts in a child process, over keep-alive
 * connections. After a warm-up of each, the hello server and the status endpoint (304 and 200) are
 * measured in interleaved rounds, a short window each, the order reversed every other round; each
 * round gives its own ratios, and the verdict is on their median. A burst of other work on a shared
 * machine then spoils a round or two rather than the verdict, and the spread of the rounds says how
 * noisy the machine was. Beside the rates, what each answer cost the bench's own process in CPU
 * time (the hello server and the backend both run in it): other work on the machine moves it less
 * than the rates, and it leaves out the load generator's share. The backend logs at its default
 * level (info) to /dev/null: what logging costs in production is part of the measure. Run alone
 * with `node --import tsx bench/status-throughput.ts`.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { startServer } from '../server-example/server';
import type { LoadResult, LoadSpec, WindowEvent } from './http-load';
import { interleavedRounds, type RoundsSummary, summarizeRounds } from './rounds';

/** The goal: the status endpoint at half the hello server's rate or better. */
export const STATUS_THROUGHPUT_GOAL = 0.5;

const MERCHANT_KEY = 'sk_sandbox';
const LOAD_SCRIPT = fileURLToPath(new URL('./http-load.ts', import.meta.url));

export interface ThroughputOptions {
  connections?: number;
  /** The first pass of each measure, not counted: the JIT and the connection pool warm up. */
  firstWarmupMs?: number;
  /** Each measure's warm-up (its connections opening) and measured time, in every round. */
  warmupMs?: number;
  durationMs?: number;
  rounds?: number;
}

export interface StatusThroughput {
  /** Requests a second: the median over the rounds. */
  helloPerSecond: number;
  /** A poll as the element sends it: If-None-Match with the current ETag, answered 304. */
  pollPerSecond: number;
  /** The first read, or one after a change: 200 with the status. */
  readPerSecond: number;
  /** Each against the hello server of its own round; `median` is the verdict's. */
  pollRatio: RoundsSummary;
  readRatio: RoundsSummary;
  /** This process's CPU time per answer, in µs: the median over the rounds. */
  cpuPerRequest: { hello: number; poll: number; read: number };
  rounds: number;
}

interface Measured extends LoadResult {
  /** This process's CPU time over the measured period, in µs. */
  cpuMicros: number;
}

/** Runs the specs in order in one load-generator process, reading this process's CPU time as each measured period opens and closes. */
function load(specs: LoadSpec[]): Promise<Measured[]> {
  return new Promise((resolve, reject) => {
    const child = fork(LOAD_SCRIPT, [JSON.stringify(specs)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    const cpuAt = new Map<string, number>();
    child.on('message', (message: WindowEvent | { type: string }) => {
      // tsx tells its parent of the files it loads on the same channel.
      if (!('window' in message)) return;
      const { user, system } = process.cpuUsage();
      cpuAt.set(`${message.window} ${message.event}`, user + system);
    });
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited with ${code}`));
      const results = JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult[];
      const failed = results.findIndex((result) => result.errors > 0);
      if (failed >= 0) return reject(new Error(`${specs[failed]!.url}: ${results[failed]!.errors} unexpected answers`));
      resolve(results.map((result, index) => ({ ...result, cpuMicros: cpuAt.get(`${index} close`)! - cpuAt.get(`${index} open`)! })));
    });
  });
}

/** Measures the hello server and the status endpoint (304 and 200) in interleaved rounds. */
export async function measureStatusThroughput(options: ThroughputOptions = {}): Promise<StatusThroughput> {
  const connections = options.connections ?? 16;
  const shape = { connections, warmupMs: options.warmupMs ?? 150, durationMs: options.durationMs ?? 500 };
  const firstShape = { ...shape, warmupMs: options.firstWarmupMs ?? 1_000 };
  const rounds = options.rounds ?? 9;
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
    await first.body?.cancel();

    const measures = {
      hello: { url: `http://127.0.0.1:${(hello.address() as AddressInfo).port}/`, expectStatus: 200 },
      poll: { url: `${api}/v1/session/status`, headers: { ...authorization, 'If-None-Match': etag }, expectStatus: 304 },
      read: { url: `${api}/v1/session/status`, headers: authorization, expectStatus: 200 },
    };
    const warmup = Object.values(measures).map((measure): LoadSpec => ({ ...firstShape, ...measure }));
    const order = interleavedRounds(Object.keys(measures) as (keyof typeof measures)[], rounds);
    const results = await load([...warmup, ...order.flat().map((name): LoadSpec => ({ ...shape, ...measures[name] }))]);
    const measured = results.slice(warmup.length);
    // Each round's measures, by name.
    let at = 0;
    const perRound = order.map((round) => Object.fromEntries(round.map((name) => [name, measured[at++]!])) as Record<keyof typeof measures, Measured>);
    const rates = (name: keyof typeof measures) => summarizeRounds(perRound.map((round) => round[name].requestsPerSecond)).median;
    const ratios = (name: 'poll' | 'read') => summarizeRounds(perRound.map((round) => round[name].requestsPerSecond / round.hello.requestsPerSecond));
    const cpu = (name: keyof typeof measures) => summarizeRounds(perRound.map((round) => round[name].cpuMicros / round[name].requests)).median;
    return {
      helloPerSecond: rates('hello'),
      pollPerSecond: rates('poll'),
      readPerSecond: rates('read'),
      pollRatio: ratios('poll'),
      readRatio: ratios('read'),
      cpuPerRequest: { hello: cpu('hello'), poll: cpu('poll'), read: cpu('read') },
      rounds,
    };
  } finally {
    await backend.close();
    await new Promise<void>((resolve) => hello.close(() => resolve()));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Prints the measure as bench/run.ts reports, each ratio (the rounds' median) against the goal. */
export async function reportStatusThroughput(options: ThroughputOptions = {}): Promise<StatusThroughput> {
  const result = await measureStatusThroughput(options);
  const line = (name: string, perSecond: number, ratio: RoundsSummary) => {
    const verdict = ratio.median >= STATUS_THROUGHPUT_GOAL ? 'within target' : 'UNDER TARGET';
    const spread = `rounds ${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}`;
    console.log(`${name.padEnd(44)} ${perSecond.toFixed(0).padStart(7)} req/s  ${ratio.median.toFixed(2)}× hello, ${spread} (target ≥ ${STATUS_THROUGHPUT_GOAL}×: ${verdict})`);
  };
  console.log(`${'bare node:http hello server'.padEnd(44)} ${result.helloPerSecond.toFixed(0).padStart(7)} req/s  (medians of ${result.rounds} interleaved rounds)`);
  line('GET /v1/session/status (304, a poll)', result.pollPerSecond, result.pollRatio);
  line('GET /v1/session/status (200, a read)', result.readPerSecond, result.readRatio);
  const { hello, poll, read } = result.cpuPerRequest;
  console.log(`${'CPU per answer: hello / poll / read'.padEnd(44)} ${[hello, poll, read].map((micros) => micros.toFixed(0)).join(' / ')} µs`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await reportStatusThroughput();

/**
 * Several instances as in production: the provider sandboxes in their own process, backend
 * instances as child processes on one fresh PostgreSQL database (test/multi-instance/cluster.ts,
 * the multi-instance suite's harness). Measured with 1 and with 3 instances serving:
 * `GET /v1/session/status` (the element's poll, 304) and `POST /v1/checkouts` throughput; then
 * the cross-instance fan-out latency, from a status change on B to the event on a stream on A.
 * On a machine with fewer cores than processes, 3 instances share the same CPUs: the ratio says
 * what running them costs there, not what three machines would give.
 *
 * `reportClusterBenchmarks()` is what bench/run.ts calls; `node --import tsx bench/cluster.ts` runs it alone.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createCheckout, MERCHANT_KEY, openEventStream, startCluster, threeInstances, type Cluster, type Instance } from '../test/multi-instance/cluster';
import { measureCreateThroughput, CREATE_THROUGHPUT_GOAL } from './create-throughput';
import type { LoadResult, LoadSpec } from './http-load';

const LOAD_SCRIPT = fileURLToPath(new URL('./http-load.ts', import.meta.url));
/** The issue's target for a change on one instance reaching a stream on another, on loopback. */
export const FANOUT_TARGET_P95_MS = 100;
/** Keep-alive connections in all, from LOAD_PROCESSES generators, whichever instances they go to. */
const CONNECTIONS = 18;
const LOAD_PROCESSES = 3;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** One load generator per spec, side by side, each in its own process. */
function loadSideBySide(specs: LoadSpec[]): Promise<LoadResult[]> {
  return Promise.all(
    specs.map(
      (spec) =>
        new Promise<LoadResult>((resolve, reject) => {
          execFile(process.execPath, ['--import', 'tsx', LOAD_SCRIPT, JSON.stringify([spec])], (err, stdout) => {
            if (err) return reject(err);
            const [result] = JSON.parse(stdout.trim().split('\n').at(-1)!) as LoadResult[];
            if (!result || result.errors > 0) return reject(new Error(`${spec.url}: ${result?.errors} unexpected answers`));
            resolve(result);
          });
        }),
    ),
  );
}

export interface ClusterThroughput {
  one: number;
  three: number;
}

/**
 * Status polls (304) per second on `serving`, best of `rounds`. The load comes from the same
 * LOAD_PROCESSES generators whether one instance serves or three, so that both pay the same for it.
 */
async function statusPollsPerSecond(serving: Instance[], rounds = 2): Promise<number> {
  const polls: { url: string; headers: Record<string, string> }[] = [];
  for (const instance of serving) {
    const { token } = await createCheckout(instance);
    const first = await instance.element('/v1/session/status', token);
    const etag = first.headers.get('etag')!;
    await first.body?.cancel();
    polls.push({ url: `${instance.api}/v1/session/status`, headers: { Authorization: `Bearer ${token}`, 'If-None-Match': etag } });
  }
  const specs: LoadSpec[] = Array.from({ length: LOAD_PROCESSES }, (_, index) => ({
    ...polls[index % polls.length]!,
    expectStatus: 304,
    connections: CONNECTIONS / LOAD_PROCESSES,
    warmupMs: 500,
    durationMs: 2_000,
  }));
  let best = 0;
  for (let round = 0; round < rounds; round++) {
    const results = await loadSideBySide(specs);
    best = Math.max(
      best,
      results.reduce((sum, result) => sum + result.requestsPerSecond, 0),
    );
  }
  return best;
}

export async function measureClusterStatusThroughput(cluster: Cluster): Promise<ClusterThroughput> {
  const instances = threeInstances(cluster);
  return { one: await statusPollsPerSecond(instances.slice(0, 1)), three: await statusPollsPerSecond(instances) };
}

export async function measureClusterCreateThroughput(cluster: Cluster): Promise<ClusterThroughput> {
  const urls = threeInstances(cluster).map((instance) => instance.api);
  const creates = (serving: string[]) => measureCreateThroughput({ urls: serving, clients: 12, creates: 300, merchantApiKey: MERCHANT_KEY });
  return { one: (await creates(urls.slice(0, 1))).createsPerSecond, three: (await creates(urls)).createsPerSecond };
}

/** Milliseconds, one per run: B's cancel request going out → the `cancelled` event on A's stream (B's commit, its NOTIFY, A's read and write). */
export async function measureClusterFanout(cluster: Cluster, runs = 30): Promise<number[]> {
  const [a, b] = threeInstances(cluster);
  const samples: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    const checkout = await createCheckout(a);
    const stream = await openEventStream(a, checkout.token);
    const started = performance.now();
    const cancelled = b.merchant(`/v1/checkouts/${checkout.id}/cancel`, { method: 'POST' });
    await stream.untilStatus('cancelled');
    // The first run warms both instances up.
    if (run > 0) samples.push(performance.now() - started);
    await (await cancelled).body?.cancel();
    await stream.close();
  }
  return samples;
}

function reportThroughput(name: string, unit: string, { one, three }: ClusterThroughput, goal?: number) {
  const verdict = goal === undefined ? '' : `  (target ≥ ${goal}/s: ${Math.min(one, three) >= goal ? 'within target' : 'UNDER TARGET'})`;
  console.log(`${`${name}, 1 instance`.padEnd(44)} ${one.toFixed(0).padStart(7)} ${unit}`);
  console.log(`${`${name}, 3 instances`.padEnd(44)} ${three.toFixed(0).padStart(7)} ${unit}  ${(three / one).toFixed(2)}× one${verdict}`);
}

function reportLatency(name: string, samples: number[], targetP95Ms: number) {
  const sorted = [...samples].sort((x, y) => x - y);
  const [p50, p95, max] = [percentile(sorted, 50), percentile(sorted, 95), sorted.at(-1)!];
  const verdict = p95 <= targetP95Ms ? 'within target' : 'OVER TARGET';
  console.log(
    `${name.padEnd(44)} n=${String(samples.length).padEnd(4)} p50 ${p50.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  max ${max.toFixed(1).padStart(7)} ms  (target p95 ≤ ${targetP95Ms} ms: ${verdict})`,
  );
}

/** Starts a cluster of three, prints each measure as bench/run.ts reports, and stops it. */
export async function reportClusterBenchmarks(): Promise<void> {
  // The reconciler as in production (its first poll 5 s after a create), logging at info to nowhere.
  const cluster = await startCluster({ keepLogs: false, env: { LOG_LEVEL: 'info' } });
  try {
    reportThroughput('GET /v1/session/status (304, a poll)', 'req/s', await measureClusterStatusThroughput(cluster));
    reportThroughput('POST /v1/checkouts (MTN invoice)', 'creates/s', await measureClusterCreateThroughput(cluster), CREATE_THROUGHPUT_GOAL);
    reportLatency('status change on B → stream on A (processes)', await measureClusterFanout(cluster), FANOUT_TARGET_P95_MS);
  } finally {
    await cluster.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await reportClusterBenchmarks();

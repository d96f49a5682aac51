/**
 * A small load generator, run as its own process (bench/status-throughput.ts starts it) so that
 * it does not share an event loop with the server it measures: `connections` keep-alive
 * connections, each sending the next request as soon as the last answer is read, for a warm-up
 * and then a measured period. Runs the specs one after another and prints one JSON line: for
 * each, requests per second and what was answered. Forked with an IPC channel, it also tells its
 * parent as each measured period opens and closes (`{ window, event }`), so that the parent can
 * read what the period cost its own process.
 *
 * Usage: node --import tsx bench/http-load.ts '<json LoadSpec[]>'
 */
import { Agent, request } from 'node:http';

export interface LoadSpec {
  url: string;
  headers?: Record<string, string>;
  /** The answer every request should get; any other counts as an error. */
  expectStatus: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  errors: number;
}

function once(agent: Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { agent, headers }, (response) => {
      response.on('data', () => {});
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end();
  });
}

export interface WindowEvent {
  /** The spec's index. */
  window: number;
  event: 'open' | 'close';
}

async function run(spec: LoadSpec, index: number): Promise<LoadResult> {
  const tell = (event: WindowEvent['event']) => process.send?.({ window: index, event } satisfies WindowEvent);
  setTimeout(tell, spec.warmupMs, 'open');
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const url = new URL(spec.url);
  const started = performance.now();
  const measureFrom = started + spec.warmupMs;
  const end = measureFrom + spec.durationMs;
  let requests = 0;
  let errors = 0;
  async function connection() {
    for (let now = performance.now(); now < end; now = performance.now()) {
      const status = await once(agent, url, spec.headers ?? {}).catch(() => 0);
      // Only answers that arrived inside the measured window count.
      if (now < measureFrom) continue;
      if (status === spec.expectStatus) requests++;
      else errors++;
    }
  }
  await Promise.all(Array.from({ length: spec.connections }, connection));
  // With the last answers in: the measured period and what was in flight as it ended.
  tell('close');
  agent.destroy();
  return { requestsPerSecond: (requests * 1_000) / spec.durationMs, requests, errors };
}

const specs = process.argv[2];
if (specs) {
  const results: LoadResult[] = [];
  for (const [index, spec] of (JSON.parse(specs) as LoadSpec[]).entries()) results.push(await run(spec, index));
  process.stdout.write(`${JSON.stringify(results)}\n`);
  process.disconnect?.();
}

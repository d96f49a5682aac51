/**
 * A small load generator, run as its own process (bench/status-throughput.ts starts it) so that
 * it does not share an event loop with the server it measures: `connections` keep-alive
 * connections, each sending the next request as soon as the last answer is read, for a warm-up
 * and then a measured period. Runs the specs one after another and prints one JSON line: for
 * each, requests per second and what was answered.
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

async function run(spec: LoadSpec): Promise<LoadResult> {
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
  agent.destroy();
  return { requestsPerSecond: (requests * 1_000) / spec.durationMs, requests, errors };
}

const specs = process.argv[2];
if (specs) {
  const results: LoadResult[] = [];
  for (const spec of JSON.parse(specs) as LoadSpec[]) results.push(await run(spec));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

/**
 * Cross-instance fan-out: two backend instances on one PostgreSQL database (a fresh one, created
 * and dropped here), the provider sandboxes on a third, as in production. An element's stream is
 * open on A; the merchant cancels the checkout on B; the time is from B's request going out to
 * the `cancelled` event arriving on A's stream (B's commit, its NOTIFY, A's read, the write).
 *
 * `measureFanoutLatency(runs)` is what the benchmark calls; `node --import tsx bench/fanout.ts [runs]` runs it alone.
 * `BENCH_POSTGRES_ADMIN` names the server to create the database on (default: local, user postgres).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SANDBOX_SUBSCRIPTION_KEY } from '../server-example/providers/mtn-momo/sandbox-defaults';
import { startServer, type RunningServer } from '../server-example/server';

const MERCHANT_KEY = 'sk_sandbox';
const TARGET_P95_MS = 100;
const ADMIN_URL = process.env.BENCH_POSTGRES_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

function report(name: string, samples: number[], targetP95Ms?: number) {
  const sorted = [...samples].sort((x, y) => x - y);
  const [p50, p95, max] = [percentile(sorted, 50), percentile(sorted, 95), sorted.at(-1)!];
  const target = targetP95Ms === undefined ? '' : `  (target p95 ≤ ${targetP95Ms} ms: ${p95 <= targetP95Ms ? 'within target' : 'OVER TARGET'})`;
  console.log(`${name.padEnd(44)} n=${String(samples.length).padEnd(4)} p50 ${p50.toFixed(1).padStart(7)} ms  p95 ${p95.toFixed(1).padStart(7)} ms  max ${max.toFixed(1).padStart(7)} ms${target}`);
}

async function onAdmin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Milliseconds, one per run; prints p50/p95/max against the 100 ms target. */
export async function measureFanoutLatency(runs = 30): Promise<number[]> {
  const name = `momo_bench_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await onAdmin(`CREATE DATABASE ${name}`);
  const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
  const dirs: string[] = [];
  const servers: RunningServer[] = [];
  const start = async (env: Record<string, string> = {}, port = 0) => {
    const dataDir = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'momo-bench-fanout-'));
    dirs.push(dataDir);
    const server = await startServer({ port, dataDir, quiet: true, env, config: { merchantApiKey: MERCHANT_KEY } });
    servers.push(server);
    return { server, api: `http://127.0.0.1:${server.config.port}` };
  };
  try {
    const sandboxes = await start();
    // One database, one sandboxes process, one token secret, one MTN API user, as a deployment has.
    const shared = { DATABASE_URL: databaseUrl, SANDBOX_URL: sandboxes.api, TOKEN_SECRET: `bench-${crypto.randomUUID()}`, ...(await mtnApiUser(sandboxes.api)) };
    // Both behind one public URL (B's, so provider callbacks land on B): each takes the other's tokens.
    const port = await freePort();
    const b = await start({ ...shared, PUBLIC_BASE_URL: `http://localhost:${port}` }, port);
    const a = await start({ ...shared, PUBLIC_BASE_URL: b.server.url });
    const samples: number[] = [];
    /** How much later A's stream heard than a stream on B itself: the NOTIFY's part. */
    const behindB: number[] = [];
    for (let run = 0; run < runs + 1; run++) {
      const { id, token } = await createCheckout(a.api);
      const [onA, onB] = [await openStream(a.api, token), await openStream(b.api, token)];
      const started = performance.now();
      const cancelled = fetch(`${b.api}/v1/checkouts/${id}/cancel`, { method: 'POST', headers: { Authorization: `Bearer ${MERCHANT_KEY}` } });
      const [atA, atB] = await Promise.all([onA.until('"status":"cancelled"'), onB.until('"status":"cancelled"')]);
      // The first run warms both instances up.
      if (run > 0) {
        samples.push(atA - started);
        behindB.push(atA - atB);
      }
      await (await cancelled).body?.cancel();
    }
    report('status change on B → stream on A (PostgreSQL)', samples, TARGET_P95_MS);
    report('  of which after a stream on B heard it', behindB);
    return samples;
  } finally {
    for (const server of servers.reverse()) await server.close().catch(() => {});
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    await onAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** One MTN API user for both instances, as a deployment configures it (the sandbox keeps each user's invoices apart). */
async function mtnApiUser(sandboxApi: string) {
  const user = crypto.randomUUID();
  const headers = { 'Ocp-Apim-Subscription-Key': SANDBOX_SUBSCRIPTION_KEY, 'Content-Type': 'application/json' };
  const base = `${sandboxApi}/sandbox/mtn-momo/v1_0/apiuser`;
  const made = await fetch(base, { method: 'POST', headers: { ...headers, 'X-Reference-Id': user }, body: JSON.stringify({ providerCallbackHost: 'localhost' }) });
  if (made.status !== 201) throw new Error(`MTN sandbox api user: ${made.status} ${await made.text()}`);
  const key = (await (await fetch(`${base}/${user}/apikey`, { method: 'POST', headers })).json()) as { apiKey: string };
  return { MTN_API_USER: user, MTN_API_KEY: key.apiKey };
}

async function createCheckout(api: string): Promise<{ id: string; token: string }> {
  const response = await fetch(`${api}/v1/checkouts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${MERCHANT_KEY}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: `INV-${crypto.randomUUID().slice(0, 8)}` }),
  });
  if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; token: string };
}

/** An element's stream, open once its first status event came; `until(text)` resolves when `text` arrives, then closes it. */
async function openStream(api: string, token: string) {
  const response = await fetch(`${api}/v1/session/events`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`events: ${response.status} ${await response.text()}`);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const readUntil = async (wanted: string) => {
    while (!text.includes(wanted)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before ${wanted}`);
      text += value;
    }
  };
  await readUntil('event: status');
  return {
    /** When `wanted` arrived (performance.now()). */
    async until(wanted: string): Promise<number> {
      await readUntil(wanted);
      const at = performance.now();
      await reader.cancel();
      return at;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await measureFanoutLatency(Number(process.argv[2] ?? 30));

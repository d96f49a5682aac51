/**
 * Memory per open event stream: a backend in a child process of its own (so its RSS is only
 * its own), N element streams opened on it over raw sockets that send the request and then stop
 * reading, as an idle phone does, and the backend's RSS before and after.
 *
 * `measureStreamMemory(n)` is what the benchmark calls; `node --import tsx bench/streams.ts [n]`
 * runs it alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MERCHANT_KEY = 'sk_sandbox';
/** Streams share this many checkouts: creating 10,000 would measure the provider's pace, not the streams. */
const CHECKOUTS = 20;
/** Streams being opened at once. */
const OPENING_AT_ONCE = 200;
const TARGET_BYTES_PER_10K = 512 * 1000 * 1000;

export interface StreamMemory {
  streams: number;
  /** The backend's RSS with no stream open (after a warm-up), then with all of them open. */
  idleRss: number;
  rss: number;
  /** (rss - idleRss) / streams. */
  bytesPerStream: number;
}

interface Usage {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

type FromBackend = { port: number } | { usage: Usage };

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Opens `n` streams on a fresh backend, prints RSS per 10,000 against the 512 MB target, and closes everything. */
export async function measureStreamMemory(n = 10_000): Promise<StreamMemory> {
  const backend = fork(fileURLToPath(import.meta.url), ['--backend'], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const sockets: Socket[] = [];
  try {
    const { port } = (await nextMessage(backend)) as { port: number };
    const tokens = await Promise.all(Array.from({ length: CHECKOUTS }, () => createCheckout(port)));
    // Warm-up: the code paths a stream takes are compiled, the statements prepared.
    for (const socket of await openStreams(port, tokens, CHECKOUTS * 5)) socket.destroy();
    await settle();
    const idle = await usageOf(backend);
    sockets.push(...(await openStreams(port, tokens, n)));
    await settle();
    const open = await usageOf(backend);
    const bytesPerStream = (open.rss - idle.rss) / n;
    const per10k = bytesPerStream * 10_000;
    const verdict = per10k <= TARGET_BYTES_PER_10K ? 'within target' : 'OVER TARGET';
    console.log(
      `${`${n} open event streams`.padEnd(44)} RSS ${mib(idle.rss)} idle → ${mib(open.rss)}, ${(bytesPerStream / 1024).toFixed(1)} KiB a stream, ${mib(per10k)} per 10,000 (target ≤ 512 MB: ${verdict}); heap ${mib(open.heapUsed)}, external ${mib(open.external)}`,
    );
    return { streams: n, idleRss: idle.rss, rss: open.rss, bytesPerStream };
  } finally {
    for (const socket of sockets) socket.destroy();
    backend.kill();
  }
}

async function createCheckout(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/v1/checkouts`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${MERCHANT_KEY}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ provider: 'mtn-momo', method: 'invoice', amount: '150000', currency: 'UGX', reference: `INV-${crypto.randomUUID().slice(0, 8)}` }),
  });
  if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** `n` streams, round the tokens, each resolved once its first status event came; then the socket stops reading. */
async function openStreams(port: number, tokens: string[], n: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  let next = 0;
  async function opener() {
    while (next < n) sockets.push(await openStream(port, tokens[next++ % tokens.length]!));
  }
  await Promise.all(Array.from({ length: Math.min(OPENING_AT_ONCE, n) }, opener));
  return sockets;
}

function openStream(port: number, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.startsWith('HTTP/1.1 200')) return fail(new Error(`events: ${head.split('\r\n')[0]}`));
      if (!head.includes('event: status')) return;
      socket.off('data', onData);
      socket.off('error', fail);
      // An idle payer's phone: the connection stays, nothing more is read.
      socket.pause();
      socket.on('error', () => {});
      resolve(socket);
    };
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.on('data', onData);
    socket.on('error', fail);
    socket.write(`GET /v1/session/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`);
  });
}

/** Lets closed sockets finish closing and timers run before RSS is read. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

async function usageOf(backend: ChildProcess): Promise<Usage> {
  backend.send('usage');
  return ((await nextMessage(backend)) as { usage: Usage }).usage;
}

function nextMessage(child: ChildProcess): Promise<FromBackend> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the backend exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as FromBackend);
    });
  });
}

/** The child: a backend with its own SQLite file, answering `usage` with its memory after a full collection. */
async function serveBackend() {
  const { startServer } = await import('../server-example/server');
  const dataDir = await mkdtemp(join(process.env.BENCH_DIR ?? tmpdir(), 'momo-bench-streams-'));
  const server = await startServer({ port: 0, dataDir, quiet: true, config: { merchantApiKey: MERCHANT_KEY } });
  const stop = async () => {
    await server.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('message', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    process.send!({ usage: { rss, heapUsed, external, arrayBuffers } });
  });
  process.send!({ port: server.config.port });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--backend')) await serveBackend();
  else await measureStreamMemory(Number(process.argv[2] ?? 10_000));
}

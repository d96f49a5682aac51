/**
 * `npm run sandboxes`: the provider sandboxes alone, in their own process, at the same paths as
 * in the backend (`/sandbox/{provider}/…`). Backend instances use it with `SANDBOX_URL`.
 * Settings: `PORT` (default 8090), `HOST` (default 127.0.0.1, loopback only),
 * `SANDBOX_PUBLIC_URL` (where payers' browsers reach it; default the address bound), and the
 * providers' credential variables, accepted besides the sandboxes' public defaults.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { closeAllConnections } from '../http/close-connections';
import { createLogger } from '../logger';
import { createSandboxes } from './registry';
import { parseSettings, SandboxProcessSchema } from './settings';

const log = createLogger('info');
let settings: ReturnType<typeof parseSettings<typeof SandboxProcessSchema>>;
try {
  settings = parseSettings(SandboxProcessSchema, process.env);
} catch (error) {
  log.fatal((error as Error).message);
  process.exit(1);
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const loopback = LOOPBACK.has(settings.HOST) || settings.HOST.startsWith('127.');
const urlHost = settings.HOST.includes(':') ? `[${settings.HOST}]` : settings.HOST;

// The public URL is known only once the port is bound (PORT=0 takes a free one).
let handler: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
const server = serve({ fetch: (request) => handler(request), port: settings.PORT, hostname: settings.HOST }, (info: AddressInfo) => {
  const url = `http://${urlHost}:${info.port}`;
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ ok: true }));
  const sandboxLog = (msg: string, fields?: Record<string, unknown>) => log.info(fields ?? {}, msg);
  for (const [id, sandbox] of createSandboxes({ publicUrl: settings.SANDBOX_PUBLIC_URL ?? url, credentials: settings, log: sandboxLog })) {
    app.route(`/sandbox/${id}`, sandbox);
  }
  handler = app.fetch;
  log.warn(
    { url, host: settings.HOST, port: info.port, loopback },
    `provider sandboxes listening at ${url}/sandbox/{provider}, ${loopback ? 'loopback only' : 'NOT loopback only'}: anyone who can reach it can settle payments`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    closeAllConnections(server);
  });
}

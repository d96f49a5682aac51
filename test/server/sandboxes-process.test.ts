/**
 * The sandboxes in their own process (`npm run sandboxes`), and backends that use it through
 * SANDBOX_URL: real child process, real HTTP between them.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { createCheckout, readStatusEvents, startTestServer, type TestServer } from './helpers';

interface SandboxesProcess {
  child: ChildProcess;
  /** Where it listens, as its start line says. */
  url: string;
  /** Its start line, parsed. */
  started: Record<string, unknown>;
}

/** Spawns server-example/sandboxes/main.ts; resolves on its start line, or rejects when it exits first. */
function spawnSandboxes(env: NodeJS.ProcessEnv = {}): Promise<SandboxesProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server-example/sandboxes/main.ts'], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (typeof entry.url === 'string') resolve({ child, url: entry.url, started: entry });
    });
    child.once('exit', (code) => reject(Object.assign(new Error(`sandboxes exited with ${code}: ${output.join('\n')}`), { code, output: output.join('\n') })));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

const backend = (server: TestServer) => `http://127.0.0.1:${server.config.port}`;

describe('the sandboxes process', () => {
  let sandboxes: SandboxesProcess;
  before(async () => {
    sandboxes = await spawnSandboxes();
  });
  after(() => stop(sandboxes.child));

  test('binds loopback by default and says so, and that whoever reaches it can settle payments', () => {
    assert.match(sandboxes.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sandboxes.started.loopback, true);
    assert.match(String(sandboxes.started.msg), /loopback only.*anyone who can reach it can settle payments/);
  });

  test('serves every sandbox at the backend’s paths, and nothing of the backend', async () => {
    for (const id of ['mtn-momo', 'momo-vn', 'mom-factura', 'dollr']) {
      const faults = await fetch(`${sandboxes.url}/sandbox/${id}/control/faults`);
      assert.equal(faults.status, 200, id);
    }
    assert.equal((await fetch(`${sandboxes.url}/v1/checkouts`)).status, 404);
  });

  describe('a backend with SANDBOX_URL', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({}, {}, { SANDBOX_URL: sandboxes.url });
    });
    after(() => server.close());

    test('creates an MTN checkout there; POST /sandbox/checkouts/{id}/approve on the backend makes it paid', async () => {
      const { id, token } = await createCheckout(server);
      // The invoice is in the sandboxes process, not in the backend, which mounts no sandbox.
      const listed = (await (await fetch(`${sandboxes.url}/sandbox/mtn-momo/control/invoices`)).json()) as { invoices: { externalId: string }[] };
      const checkout = (await (await server.merchant(`/v1/checkouts/${id}`)).json()) as { reference: string };
      assert.ok(listed.invoices.some((invoice) => invoice.externalId === checkout.reference));
      assert.equal((await fetch(`${backend(server)}/sandbox/mtn-momo/control/invoices`)).status, 404);

      const paid = readStatusEvents(server, token, (update) => update.status === 'paid');
      const approved = await server.sandbox(`/checkouts/${id}/approve`);
      assert.equal(approved.status, 202);
      assert.equal((await paid).at(-1)?.status, 'paid');
    });
  });

  describe('a backend with SANDBOX_URL and DEMO=off', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({}, {}, { SANDBOX_URL: sandboxes.url, DEMO: 'off' });
    });
    after(() => server.close());

    test('answers 404 on every control route and payer action; checkouts still reach the sandbox', async () => {
      const { id } = await createCheckout(server);
      for (const path of ['/sandbox/mtn-momo/control/invoices', '/sandbox/dollr/control/faults', `/sandbox/checkouts/${id}/approve`]) {
        const response = await fetch(`${backend(server)}${path}`, { method: path.endsWith('approve') ? 'POST' : 'GET' });
        assert.equal(response.status, 404, path);
      }
    });
  });
});

describe('a backend with in-process sandboxes and DEMO=off', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, {}, { DEMO: 'off' });
  });
  after(() => server.close());

  test('mounts the providers’ APIs its adapters call, never a control API: no one can list or approve invoices', async () => {
    const { id } = await createCheckout(server);
    for (const path of ['/sandbox/mtn-momo/control/invoices', '/sandbox/momo-vn/control/faults', '/sandbox/mom-factura/control/faults', '/sandbox/dollr/control/faults']) {
      assert.equal((await fetch(`${backend(server)}${path}`)).status, 404, path);
    }
    assert.equal((await fetch(`${backend(server)}/sandbox/mtn-momo/control/invoices/x/approve`, { method: 'POST' })).status, 404);
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 404);
    // The API the adapter used is there: a request without a subscription key gets MTN's own 401.
    assert.equal((await fetch(`${backend(server)}/sandbox/mtn-momo/collection/token/`, { method: 'POST' })).status, 401);
  });
});

describe('the sandboxes process’s settings', () => {
  for (const [env, variable] of [
    [{ PORT: 'abc' }, /PORT: must be a whole number from 0 to 65535, not \\"abc\\"/],
    [{ PORT: '70000' }, /PORT: must be a whole number from 0 to 65535, not \\"70000\\"/],
    // Digits only, as the backend's PORT: `1e3` is not 1000. (The message comes as JSON, quotes escaped.)
    [{ PORT: '1e3' }, /PORT: must be a whole number from 0 to 65535, not \\"1e3\\"/],
    [{ HOST: 'everywhere' }, /HOST: must be an IP address to bind/],
    [{ SANDBOX_PUBLIC_URL: 'sandbox.example' }, /SANDBOX_PUBLIC_URL: is not a URL/],
  ] as const) {
    test(`${Object.entries(env)[0]!.join('=')} stops it at start, naming the variable`, async () => {
      await assert.rejects(spawnSandboxes(env), (error: Error & { code?: number; output?: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.output ?? '', variable);
        return true;
      });
    });
  }

  test('HOST=0.0.0.0 binds every interface and says it is not loopback only', async () => {
    const open = await spawnSandboxes({ HOST: '0.0.0.0' });
    try {
      assert.equal(open.started.loopback, false);
      assert.match(String(open.started.msg), /NOT loopback only/);
    } finally {
      await stop(open.child);
    }
  });
});

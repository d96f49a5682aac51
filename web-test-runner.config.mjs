// Browser tests in real Chromium. TypeScript, `.css.ts` and the CommonJS `qrcode` are served
// by a Vite dev server mounted as middleware (see docs/architecture.md, "Tests and toolchain"). Two real backends run for
// the tests: one with Server-Sent Events and one without (`sse: false`), to exercise the
// element's polling fallback.
//
// Importing .ts files needs tsx: run `node --import tsx node_modules/@web/test-runner/dist/bin.js`.
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer } from 'vite';
import { momoPlugins } from './vite.config.ts';
import { chromiumArgs, chromiumPath } from './test/chromium.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const executablePath = chromiumPath();
const TEST_FILES = 'test/browser/**/*.test.ts';

/** A port nobody is listening on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const vite = await createViteServer({
  configFile: false,
  root,
  logLevel: 'warn',
  appType: 'custom',
  plugins: [
    ...momoPlugins('serve'),
    {
      // wtr's own client module, served by wtr, not by Vite (pre-bundled deps import it relatively).
      name: 'wtr-external',
      resolveId: (id) => (id.endsWith('/__web-dev-server__web-socket.js') ? { id: '/__web-dev-server__web-socket.js', external: true } : null),
    },
  ],
  server: { middlewareMode: true, hmr: { port: await freePort(), host: '127.0.0.1' } },
  optimizeDeps: { entries: [TEST_FILES] },
});

/** Hands every request that isn't wtr's own to Vite. */
function viteMiddleware() {
  const wtrOwned = /^\/(?:$|\?|__web-test-runner__|__web-dev-server__|__wds-)/;
  return async function forwardToVite(ctx, next) {
    if (wtrOwned.test(ctx.url)) return next();
    const handled = await new Promise((resolve, reject) => {
      ctx.res.once('finish', () => resolve(true));
      vite.middlewares(ctx.req, ctx.res, (error) => (error ? reject(error) : resolve(false)));
    });
    if (handled) ctx.respond = false;
    else await next();
  };
}

/** Starts the two reference backends with the test server and stops them with it. */
function backends() {
  const running = [];
  const dataDirs = [];
  const urls = {};
  return {
    urls,
    plugin: {
      name: 'momo-backends',
      async serverStart({ config }) {
        // The test pages are another origin than the backends: they act as the demo page would.
        const pages = ['localhost', '127.0.0.1'].map((host) => `http://${host}:${config.port}`).join(',');
        // The backend is TypeScript; this config runs under tsx.
        const { startServer } = await import('./server-example/server.ts');
        for (const [key, sse] of [
          ['api', true],
          ['apiNoSse', false],
        ]) {
          const dataDir = await mkdtemp(join(tmpdir(), `momo-wtr-${key}-`));
          dataDirs.push(dataDir);
          const server = await startServer({ port: 0, dataDir, sse, reconcileIntervalMs: 500, quiet: true, env: { DEMO_ORIGINS: pages } });
          running.push(server);
          urls[key] = server.url;
        }
      },
      async serverStop() {
        await Promise.allSettled(running.map((server) => server.close()));
        await Promise.allSettled(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
        await vite.close();
      },
    },
  };
}

/**
 * `executeServerCommand('render-checkout', { token, device, locale })`: the page as a merchant's
 * server renders it, with the built `momo-checkout/server` (dist/lib/server.js, from `vite build`)
 * and the session read from the token's backend, as that server would have it. Answers
 * `{ html, styleHashes }`; the browser side loads the built hydrating script
 * (test/browser/hydration.test.ts).
 */
function renderCheckoutCommand() {
  return {
    name: 'momo-render-checkout',
    async executeCommand({ command, payload }) {
      if (command !== 'render-checkout') return undefined;
      const { token, device, locale } = payload;
      const { iss } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
      const response = await fetch(`${iss}/v1/session`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`reading the session: ${response.status} ${await response.text()}`);
      const { renderCheckout } = await import('./dist/lib/server.js');
      return renderCheckout({ token, session: await response.json(), device, locale });
    },
  };
}

/** CI reads one plain `N passed, N failed` line (wtr's own summary is a progress bar). */
function summaryLine() {
  const count = (suite, totals) => {
    for (const test of suite?.tests ?? []) {
      if (test.skipped) continue;
      totals[test.passed ? 'passed' : 'failed']++;
    }
    for (const child of suite?.suites ?? []) count(child, totals);
    return totals;
  };
  return {
    stop({ sessions }) {
      const totals = { passed: 0, failed: 0 };
      for (const session of sessions) {
        const before = totals.failed;
        count(session.testResults, totals);
        // A file that failed to load or errored outside a test counts as one failure.
        if (!session.passed && totals.failed === before) totals.failed++;
      }
      // For `npm test`, which adds every suite's counts into one line.
      mkdirSync('.tmp/results', { recursive: true });
      writeFileSync('.tmp/results/browser.json', JSON.stringify(totals));
      // After wtr's own final render, which would otherwise follow it.
      process.once('exit', () => console.log(`${totals.passed} passed, ${totals.failed} failed`));
    },
  };
}

const servers = backends();

export default {
  rootDir: root,
  files: [TEST_FILES],
  port: await freePort(),
  nodeResolve: false,
  concurrency: 1,
  // A file's whole run, on a 2-core CI machine: generous, so only a hang trips it.
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath, headless: true, args: chromiumArgs },
    }),
  ],
  middleware: [viteMiddleware()],
  reporters: [defaultReporter(), summaryLine()],
  plugins: [servers.plugin, renderCheckoutCommand()],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /></head>
  <body>
    <script>window.__MOMO_TEST__ = ${JSON.stringify(servers.urls)};</script>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
};

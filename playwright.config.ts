import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './test/chromium';

const port = Number(process.env.E2E_PORT ?? 8181);

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: '.tmp/results/e2e.json' }]],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'npx tsx server-example/main.ts',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
    env: {
      PORT: String(port),
      DATA_DIR: '.tmp/e2e-data',
      LOG_LEVEL: 'warn',
      // Settle lost callbacks quickly in tests.
      RECONCILE_FIRST_POLL_MS: '500',
      RECONCILE_MAX_POLL_MS: '1000',
    },
  },
});

// React 18 at runtime in Chromium: Vite (the repository's) builds page/ against this project's
// React 18, then the page mounts the wrapper. React 18 would set `token` as an attribute and add
// no listener for `momo-paid`: the wrapper has to do both. Run as `tsx browser.mjs <repository>`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const repository = process.argv[2];
const fromRepository = (path) => import(pathToFileURL(join(repository, path)).href);
const { chromium } = await fromRepository('node_modules/playwright-core/index.mjs');
const { chromiumArgs, chromiumPath } = await fromRepository('test/chromium.ts');

execFileSync(process.execPath, [join(repository, 'node_modules/vite/bin/vite.js'), 'build', 'page', '--logLevel', 'warn'], { stdio: 'inherit' });

const origin = 'http://react18.test';
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The built page, served from disk: nothing else is fetched.
  await page.route('**/*', (route) => {
    const { origin: asked, pathname } = new URL(route.request().url());
    if (asked !== origin) return route.abort();
    return route.fulfill({ path: join('page/dist', pathname === '/' ? 'index.html' : pathname) });
  });
  await page.goto(`${origin}/`);
  const token = 'not-a-checkout-token';
  const mounted = await page.evaluate((given) => window.mountWrapper(given), token);
  assert.match(mounted.react, /^18\./, `the page runs React ${mounted.react}`);
  assert.equal(mounted.upgraded, true, '<momo-checkout> is defined and upgraded');
  assert.equal(mounted.tokenProperty, token, 'token is set as a property');
  assert.equal(mounted.tokenAttribute, null, 'token is not set as an attribute');
  assert.deepEqual(mounted.paid, ['paid'], 'onPaid is called once for momo-paid');
  const error = await Promise.race([
    page.evaluate(() => window.tokenError),
    // A guard against a hang only (unref: it keeps no finished run waiting).
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no momo-error within 10 s; page errors: ${pageErrors.join('; ')}`)), 10_000).unref()),
  ]);
  assert.equal(error, 'TOKEN_MALFORMED', 'the element read the token and onError got its momo-error');
} finally {
  await browser.close();
}

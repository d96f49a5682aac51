/**
 * The README's script tag works against the reference server: the path it loads is served, the
 * script-tag build from dist/lib, with its source map next to it. A scratch build directory
 * stands in for dist/ (the route is what is tested, not the build).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from './helpers';

const SCRIPT = '(function(){/* the script-tag build */})();\n//# sourceMappingURL=momo-checkout.iife.js.map\n';
const MAP = '{"version":3,"sources":[],"mappings":""}';

/** The `src` of the README's `<script … defer>` tag (its script-tag snippet). */
const readmeScript = /<script src="([^"]+)" defer><\/script>/.exec(readFileSync('README.md', 'utf8'))?.[1];

describe("the README's script tag, on the reference server with the demo on", () => {
  let dist: string;
  let server: TestServer;
  let base: string;
  before(async () => {
    dist = mkdtempSync(join(tmpdir(), 'momo-dist-'));
    mkdirSync(join(dist, 'demo'));
    mkdirSync(join(dist, 'lib'));
    writeFileSync(join(dist, 'demo/index.html'), '<!doctype html><title>demo</title>');
    writeFileSync(join(dist, 'lib/momo-checkout.iife.js'), SCRIPT);
    writeFileSync(join(dist, 'lib/momo-checkout.iife.js.map'), MAP);
    server = await startTestServer({}, { demo: true, demoDir: join(dist, 'demo') });
    base = `http://127.0.0.1:${server.config.port}`;
  });
  after(async () => {
    await server.close();
    rmSync(dist, { recursive: true, force: true });
  });

  test('loads the script-tag build, as JavaScript', async () => {
    assert.equal(readmeScript, '/momo-checkout.iife.js');
    const response = await fetch(`${base}${readmeScript}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /javascript/);
    assert.equal(await response.text(), SCRIPT);
  });

  test('finds the source map the script names, next to it', async () => {
    const response = await fetch(`${base}/momo-checkout.iife.js.map`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), MAP);
  });

  test('still serves the build under /lib/, where the CSP demo page loads it', async () => {
    const response = await fetch(`${base}/lib/momo-checkout.iife.js`);
    assert.equal(await response.text(), SCRIPT);
  });
});

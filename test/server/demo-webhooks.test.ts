/**
 * The demo receives its own webhooks: in demo mode without MERCHANT_WEBHOOK_URL the backend sends
 * them to /demo/webhooks on its own port, which verifies them with the official `standardwebhooks`
 * library and lists them for the demo page. Forged ones are refused (400) and listed as not
 * verified, so the page can show "✘ signature invalid".
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { DEMO_RETRY_MS, effectiveWebhookConfig, MAX_REMEMBERED_WEBHOOKS, type ReceivedWebhook } from '../../server-example/routes/demo-webhooks';
import { DEFAULT_RETRY_MS, DEFAULT_TIMEOUT_MS, type WebhookConfig } from '../../server-example/webhooks/config';
import { createCheckout, readStatusEvents, startTestServer, type TestServer } from './helpers';
import { logLines } from './log-lines';

describe('effectiveWebhookConfig: where webhooks go', () => {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const loaded = (url?: string): WebhookConfig => ({ ...(url ? { url } : {}), secret, retryMs: [...DEFAULT_RETRY_MS], timeoutMs: DEFAULT_TIMEOUT_MS });
  const local = 'http://127.0.0.1:4321';

  test('demo mode without a URL: the demo receiver on the local URL, on the short schedule', () => {
    assert.deepEqual(effectiveWebhookConfig({ demo: true, webhooks: loaded() }, local, {}), {
      url: 'http://127.0.0.1:4321/demo/webhooks',
      secret,
      retryMs: DEMO_RETRY_MS,
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
  });

  test('a schedule given by MERCHANT_WEBHOOK_RETRY_MS is kept', () => {
    const webhooks = { ...loaded(), retryMs: [0, 250] };
    assert.deepEqual(effectiveWebhookConfig({ demo: true, webhooks }, local, { MERCHANT_WEBHOOK_RETRY_MS: '0,250' }).retryMs, [0, 250]);
  });

  test("a merchant's URL always wins; without demo mode nothing is added", () => {
    const merchant = loaded('https://school.example/webhooks');
    assert.equal(effectiveWebhookConfig({ demo: true, webhooks: merchant }, local, {}), merchant);
    const none = loaded();
    assert.equal(effectiveWebhookConfig({ demo: false, webhooks: none }, local, {}), none);
  });
});

describe('/demo/webhooks on a demo backend without MERCHANT_WEBHOOK_URL', () => {
  let server: TestServer;
  const log = logLines();
  const base = () => `http://127.0.0.1:${server.config.port}`;
  const received = async (): Promise<ReceivedWebhook[]> => {
    const response = await fetch(`${base()}/demo/webhooks`);
    assert.equal(response.status, 200);
    return ((await response.json()) as { data: ReceivedWebhook[] }).data;
  };
  const post = (body: string, headers: Record<string, string>) => fetch(`${base()}/demo/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  before(async () => {
    // The system clock: the library checks the signature's timestamp against the real time.
    server = await startTestServer({}, {}, {}, { demoWebhooks: true, logDestination: log.destination });
  });
  after(() => server.close());

  test('is on by default outside production, and needs no demo page build', () => {
    assert.equal(server.config.demo, true);
    assert.equal(server.config.webhooks.url, `${base()}/demo/webhooks`);
    assert.deepEqual(server.config.webhooks.retryMs, DEMO_RETRY_MS);
  });

  test('an approved MTN invoice arrives as checkout.paid, signature verified, and is listed', async () => {
    const { id, token } = await createCheckout(server);
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    await readStatusEvents(server, token, (update) => update.status === 'paid');
    // Queued after the pass the commit woke: once it resolves, the event has been sent.
    await server.webhooks!.runOnce();

    const [latest] = await received();
    assert.deepEqual({ ...latest, receivedAt: undefined }, { id: latest!.id, type: 'checkout.paid', checkoutId: id, status: 'paid', verified: true, attempt: 1, receivedAt: undefined });
    assert.ok(!Number.isNaN(Date.parse(latest!.receivedAt)));
    const events = (await (await server.merchant(`/v1/events?checkout=${id}`)).json()) as { data: { id: string; delivery: { state: string; lastStatus: number } }[] };
    assert.deepEqual(
      events.data.map((event) => [event.id, event.delivery.state, event.delivery.lastStatus]),
      [[latest!.id, 'delivered', 204]],
    );
  });

  test('a resent webhook is the same webhook-id again: listed once, attempt 2', async () => {
    const [paid] = await received();
    assert.equal((await server.merchant(`/v1/events/${paid!.id}/resend`, { method: 'POST' })).status, 202);
    await server.webhooks!.runOnce();
    const list = await received();
    assert.deepEqual([list[0]!.id, list[0]!.verified, list[0]!.attempt], [paid!.id, true, 2]);
    assert.equal(list.filter((entry) => entry.id === paid!.id).length, 1);
  });

  test('forged webhooks are refused with 400 and listed as not verified', async () => {
    const body = JSON.stringify({ type: 'checkout.paid', timestamp: new Date().toISOString(), data: { id: 'co_forged', status: 'paid' } });
    const now = String(Math.floor(Date.now() / 1000));
    const at = new Date(Number(now) * 1000);
    const otherKey = `whsec_${randomBytes(32).toString('base64')}`;
    const forged = { 'webhook-id': 'msg_forged', 'webhook-timestamp': now, 'webhook-signature': new Webhook(otherKey).sign('msg_forged', at, body) };
    const genuine = new Webhook(server.config.webhooks.secret).sign('msg_tampered', at, body);
    const cases: [string, string, Record<string, string>, string][] = [
      ['signed with another key', body, forged, 'No matching signature found'],
      [
        'signed, then the body changed',
        body.replace('"paid"}', '"paid","amount":"1"}'),
        { 'webhook-id': 'msg_tampered', 'webhook-timestamp': now, 'webhook-signature': genuine },
        'No matching signature found',
      ],
      ['no signature at all', body, { 'webhook-id': 'msg_unsigned' }, 'Missing required headers'],
    ];
    for (const [name, payload, headers, error] of cases) {
      const response = await post(payload, headers);
      assert.equal(response.status, 400, name);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'WEBHOOK_SIGNATURE_INVALID', name);
      const [latest] = await received();
      assert.deepEqual(
        { ...latest, receivedAt: undefined },
        { id: headers['webhook-id'], type: 'checkout.paid', checkoutId: 'co_forged', status: 'paid', verified: false, error, receivedAt: undefined },
        name,
      );
    }
    // A genuine signature is what verifies: the same body, signed with the backend's key now.
    const signed = { 'webhook-id': 'msg_genuine', 'webhook-timestamp': now, 'webhook-signature': new Webhook(server.config.webhooks.secret).sign('msg_genuine', at, body) };
    assert.equal((await post(body, signed)).status, 204);
    assert.equal((await received())[0]!.verified, true);
  });

  test('neither the secret nor a signature is listed or logged', async () => {
    const listed = JSON.stringify(await received());
    const { secret } = server.config.webhooks;
    assert.ok(!listed.includes(secret) && !listed.includes(secret.slice('whsec_'.length)));
    assert.ok(!/v1,/.test(listed), 'no signature in the list');
    const logged = log.raw.join('\n');
    assert.ok(!logged.includes(secret.slice('whsec_'.length)), 'no secret in the log');
    assert.ok(!/v1,[A-Za-z0-9+/=]{20,}/.test(logged), 'no signature in the log');
    assert.ok(
      log.lines.some((line) => line.msg.includes('signature invalid') && line.webhookId === 'msg_forged'),
      'a refused webhook is logged by its id',
    );
  });

  test(`keeps the last ${MAX_REMEMBERED_WEBHOOKS}, newest first`, async () => {
    for (let i = 0; i < MAX_REMEMBERED_WEBHOOKS + 5; i += 1) await post('{}', { 'webhook-id': `msg_flood_${i}` });
    const list = await received();
    assert.equal(list.length, MAX_REMEMBERED_WEBHOOKS);
    assert.equal(list[0]!.id, `msg_flood_${MAX_REMEMBERED_WEBHOOKS + 4}`);
    assert.equal(list.at(-1)!.id, 'msg_flood_5');
  });
});

describe('/demo/webhooks outside demo mode', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, { demo: false }, {}, { demoWebhooks: true });
  });
  after(() => server.close());

  test('is not mounted, and webhooks without a URL stay in the outbox', async () => {
    assert.equal((await fetch(`http://127.0.0.1:${server.config.port}/demo/webhooks`)).status, 404);
    assert.equal(server.config.webhooks.url, undefined);
    assert.equal(server.webhooks, undefined);
  });
});

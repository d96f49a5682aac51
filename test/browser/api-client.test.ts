/**
 * The API client against the reference backend (another origin than this page, as the merchant's
 * page is): what each request carries, and how answers and failures come back. `fetch` is only
 * watched here, never answered for: every request reaches the backend.
 */
import { expect } from '@open-wc/testing';
import { createApiClient, MomoApiError } from '../../src/core/api';
import { backends, createCheckout } from './helpers';

/** Records each request as `fetch` is asked for it (whatever form the call takes), then lets it through to the network. */
function watchFetch(): { sent: Request[]; restore: () => void } {
  const original = window.fetch;
  const sent: Request[] = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(new Request(input instanceof Request ? input.clone() : input, init));
    return original(input, init);
  };
  return { sent, restore: () => (window.fetch = original) };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the request succeeded');
}

const signal = (): AbortSignal => new AbortController().signal;
let restore: () => void = () => {};
afterEach(() => restore());

describe('the API client', () => {
  it('sends the token in Authorization only, with the default cache mode, no conditional header and no cookies', async () => {
    const { apiNoSse } = backends();
    const { id, token } = await createCheckout(apiNoSse);
    const watch = watchFetch();
    restore = watch.restore;
    const client = createApiClient(apiNoSse, token);
    expect((await client.getSession(signal())).id).to.equal(id);
    expect((await client.getStatus(signal())).status).to.equal('pending');
    expect((await client.getStatus(signal())).status, 'a second poll is answered in full too').to.equal('pending');
    const events = await client.openEvents(signal());
    expect(events.status, 'no event stream on this backend').to.equal(503);
    const refused = await failure(client.pay('256772123456', signal()));
    expect(refused, 'an invoice is paid with its instructions').to.be.instanceOf(MomoApiError);

    expect(watch.sent.map((request) => `${request.method} ${request.url.slice(apiNoSse.length)}`)).to.deep.equal([
      'GET /v1/session',
      'GET /v1/session/status',
      'GET /v1/session/status',
      'GET /v1/session/events',
      'POST /v1/session/pay',
    ]);
    for (const request of watch.sent) {
      const what = `${request.method} ${request.url}`;
      // Chromium skips its preflight cache for no-store, no-cache and reload (and If-None-Match makes a fetch no-store).
      expect(request.cache, what).to.equal('default');
      expect(request.headers.has('if-none-match'), what).to.equal(false);
      expect(request.credentials, what).to.equal('omit');
      expect(request.headers.get('authorization'), what).to.equal(`Bearer ${token}`);
      expect(request.url, what).not.to.contain(token);
    }
  });

  it('asks for the session in a locale with ?locale=, encoded', async () => {
    const { apiNoSse } = backends();
    const { id, token } = await createCheckout(apiNoSse);
    const watch = watchFetch();
    restore = watch.restore;
    expect((await createApiClient(`${apiNoSse}/`, token).getSession(signal(), 'pt-AO')).id).to.equal(id);
    // Whatever the backend makes of it: the value stays one query parameter.
    await createApiClient(apiNoSse, token)
      .getSession(signal(), 'a b&c')
      .catch(() => undefined);
    expect(watch.sent.map((request) => request.url)).to.deep.equal([`${apiNoSse}/v1/session?locale=pt-AO`, `${apiNoSse}/v1/session?locale=a%20b%26c`]);
  });

  it("maps the backend's JSON errors to MomoApiError with their code, message and HTTP status", async () => {
    const { apiNoSse } = backends();
    const { token } = await createCheckout(apiNoSse);
    const [header, payload] = token.split('.') as [string, string];
    const error = await failure(createApiClient(apiNoSse, `${header}.${payload}.AAAA`).getStatus(signal()));
    expect(error).to.be.instanceOf(MomoApiError);
    const { code, status, tokenRefused, transient } = error as MomoApiError;
    expect({ code, status, tokenRefused, transient }).to.deep.equal({ code: 'TOKEN_INVALID', status: 401, tokenRefused: true, transient: false });
    const pay = (await failure(createApiClient(apiNoSse, token).pay('256772123456', signal()))) as MomoApiError;
    expect([pay.code, pay.status, pay.transient]).to.deep.equal(['PAY_NOT_SUPPORTED', 409, false]);
  });

  it('rethrows an abort as an AbortError, whatever reason the caller gave', async () => {
    const { apiNoSse } = backends();
    const { token } = await createCheckout(apiNoSse);
    const client = createApiClient(apiNoSse, token);
    for (const reason of [undefined, new Error('the host went away')]) {
      const controller = new AbortController();
      const pending = failure(client.getStatus(controller.signal));
      controller.abort(reason);
      const error = await pending;
      expect(error).to.be.instanceOf(DOMException);
      expect((error as DOMException).name).to.equal('AbortError');
    }
    const early = await failure(client.getSession(AbortSignal.abort()));
    expect((early as DOMException).name).to.equal('AbortError');
  });

  it('gives up on a request after 15 s with TIMEOUT, which is transient', async () => {
    const { apiNoSse } = backends();
    const { token } = await createCheckout(apiNoSse);
    // The client's clock is the test's: the 15 s timer runs when the test says, the request still out.
    const timers: { ms: number | undefined; run: () => void }[] = [];
    const original = window.setTimeout;
    window.setTimeout = ((handler: () => void, ms?: number) => {
      timers.push({ ms, run: handler });
      return original(() => {}, 0);
    }) as typeof window.setTimeout;
    let pending: Promise<unknown>;
    try {
      pending = failure(createApiClient(apiNoSse, token).getStatus(signal()));
    } finally {
      window.setTimeout = original;
    }
    expect(timers.map((timer) => timer.ms)).to.deep.equal([15_000]);
    timers[0]!.run();
    const error = (await pending) as MomoApiError;
    expect(error).to.be.instanceOf(MomoApiError);
    expect([error.code, error.transient]).to.deep.equal(['TIMEOUT', true]);
  });
});

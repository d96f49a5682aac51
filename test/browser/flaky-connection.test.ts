/**
 * The element on a connection that drops, or behind proxies and firewalls that answer for the
 * backend: following never gives up on an answer that isn't the backend's verdict on the token,
 * the payer is told (once per outage) that the element is reconnecting, and a first answer that
 * can't be read is retried like a network failure.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { en } from '../../src/i18n/en';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeToken, fixtureSession, mount, part } from './helpers';

const firewallPage = (): Response => new Response('<html><body><h1>403 Forbidden</h1></body></html>', { status: 403, headers: { 'content-type': 'text/html' } });
const truncatedJson = (): Response => new Response('{"status":"pen', { headers: { 'content-type': 'application/json' } });
const proxyNotFound = (): Response => new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
const networkDown = (): Response => {
  throw new TypeError('Failed to fetch');
};
const status = (value: string) => (): Response => Response.json({ status: value, updatedAt: new Date().toISOString() });

describe('<momo-checkout> on a flaky connection', () => {
  let original: typeof window.fetch | undefined;
  afterEach(() => {
    if (original) window.fetch = original;
    original = undefined;
    document.querySelectorAll('momo-checkout').forEach((element) => {
      element.remove();
    });
  });

  /**
   * `/v1/session` and `/v1/session/status` answer from their scripts, in order (the last answer
   * repeats); the event stream is unavailable, so the element polls. Each status request records
   * whether the status line said "reconnecting" as it went out.
   */
  function serve(sessionAnswers: (() => Response)[], statusAnswers: (() => Response)[] = [status('pending')]) {
    original = window.fetch;
    const sessionRequests: string[] = [];
    const statusRequests: { reconnectingShown: boolean }[] = [];
    let element: MomoCheckout | undefined;
    const answer = (script: (() => Response)[], index: number) => script[Math.min(index, script.length - 1)]!();
    window.fetch = async (input, init) => {
      const { pathname } = new URL(new Request(input, init).url);
      if (pathname === '/v1/session') return answer(sessionAnswers, sessionRequests.push(pathname) - 1);
      if (pathname === '/v1/session/status') {
        const shown = !!element && part(element, 'status')!.textContent!.includes(en.reconnecting);
        return answer(statusAnswers, statusRequests.push({ reconnectingShown: shown }) - 1);
      }
      return Response.json({ error: { code: 'SSE_UNAVAILABLE', message: 'off' } }, { status: 503 });
    };
    return {
      sessionRequests,
      statusRequests,
      watch: (e: MomoCheckout) => (element = e),
      /** Wakes the follower's back-off as the browser coming back `online` does, until one more status request goes out. */
      async nextCheck(): Promise<void> {
        const before = statusRequests.length;
        const start = performance.now();
        while (statusRequests.length === before) {
          if (performance.now() - start > 3_000) throw new Error(`no status request after #${before}: following stopped`);
          window.dispatchEvent(new Event('online')); // ignored while a request is out
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
    };
  }

  /** Counts the nodes added to the live region that carry `text`: each is one announcement. */
  function countAnnouncements(element: MomoCheckout, text: string) {
    const live = part(element, 'status')!;
    const counter = { count: 0, stop: () => observer.disconnect() };
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) if (node.textContent?.includes(text)) counter.count++;
        if (record.type === 'characterData' && record.target.textContent?.includes(text)) counter.count++;
      }
    });
    observer.observe(live, { childList: true, subtree: true, characterData: true });
    return counter;
  }

  it('keeps following through a firewall’s page, a truncated answer and a proxy’s 404, saying once per outage that it is reconnecting', async () => {
    const { statusRequests, watch, nextCheck } = serve(
      [() => Response.json(fixtureSession())],
      [firewallPage, truncatedJson, proxyNotFound, status('pending'), networkDown, networkDown, status('paid')],
    );
    const { element, next, seen } = mount(fakeToken());
    watch(element);
    await next('momo-ready');
    const announced = countAnnouncements(element, en.reconnecting);
    const statusLine = () => part(element, 'status')!.textContent!;

    await waitUntil(() => statusRequests.length === 1, 'the first poll goes out by itself');
    await nextCheck(); // the truncated answer: two failures in a row
    await waitUntil(() => statusLine().includes(en.reconnecting), 'the status line says it is reconnecting');
    expect(statusLine()).to.contain(en.status.pending);
    expect(part(element, 'instructions'), 'the instructions stay').to.not.equal(null);
    expect(part(element, 'error')).to.equal(null);

    await nextCheck(); // the proxy's 404: a third failure
    // The countdown re-renders every second: the sentence must not be said again.
    for (let i = 0; i < 3; i++) {
      element.requestUpdate();
      await element.updateComplete;
    }
    await nextCheck(); // answered: cleared
    await waitUntil(() => !statusLine().includes(en.reconnecting), 'cleared by the next answer');
    expect(statusLine()).to.contain(en.status.pending);

    await nextCheck(); // the network drops: one failure says nothing yet
    await nextCheck(); // two do
    await nextCheck(); // paid
    await next('momo-paid');
    expect(statusRequests.map((r) => r.reconnectingShown)).to.deep.equal([false, false, true, true, false, false, true]);
    expect(announced.count, 'once per outage').to.equal(2);
    announced.stop();
    expect(seen['momo-error']).to.equal(undefined);
  });

  it('ends following only when the backend refuses the token', async () => {
    const refused = (): Response => Response.json({ error: { code: 'TOKEN_EXPIRED', message: 'The checkout token has expired.' } }, { status: 401 });
    const { statusRequests, watch, nextCheck } = serve([() => Response.json(fixtureSession())], [firewallPage, refused]);
    const { element, next } = mount(fakeToken());
    watch(element);
    await next('momo-ready');
    await nextCheck();
    expect((await next('momo-error')).code).to.equal('TOKEN_EXPIRED');
    await element.updateComplete;
    expect(part(element, 'ended')).to.not.equal(null); // no status came with the refusal (expiry.test.ts)
    expect(statusRequests).to.have.length(2);
  });

  it('retries an unreadable first answer by itself, as it does a network failure', async () => {
    const { sessionRequests } = serve([truncatedJson, firewallPage, () => Response.json(fixtureSession())]);
    const { element, next, seen } = mount(fakeToken());
    expect((await next('momo-error')).code).to.equal('BAD_RESPONSE');
    await element.updateComplete;
    const panel = part(element, 'error')!;
    expect(panel.textContent).to.contain(en.errors.autoRetry);
    expect(panel.querySelector('button')!.textContent).to.equal(en.errors.retry);

    window.dispatchEvent(new Event('online')); // retries at once instead of after the back-off
    await waitUntil(() => seen['momo-error']?.length === 2, 'the firewall’s page is reported too');
    expect(seen['momo-error']![1]!.code).to.equal('HTTP_ERROR');
    await element.updateComplete;
    expect(part(element, 'error')!.textContent).to.contain(en.errors.autoRetry);

    window.dispatchEvent(new Event('online'));
    await next('momo-ready');
    await element.updateComplete;
    expect(part(element, 'error')).to.equal(null);
    expect(part(element, 'instructions')).to.not.equal(null);
    expect(sessionRequests).to.have.length(3);
  });
});

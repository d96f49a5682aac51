/**
 * The API client tells a page's Content-Security-Policy apart from the payer's connection: a
 * request that fails while the browser reports a `connect-src` violation for its URL is
 * `CSP_BLOCKED` (not transient), naming the directive to add. Here `fetch` fails as a refused one
 * does and the report is dispatched the way Chromium orders it; test/e2e/csp.spec.ts does it under
 * a real policy. Each test has its own backend origin: a URL refused once stays refused.
 */
import { expect } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { createApiClient, MomoApiError } from '../../src/core/api';
import { StatusFollower } from '../../src/controllers/status-follower';

interface Report {
  directive?: string;
  disposition?: SecurityPolicyViolationEventDisposition;
  /** The reported URL; the request's own by default. */
  blocked?: string;
  /** Before the request fails, instead of just after. */
  first?: boolean;
}

function report(url: string, { directive = 'connect-src', disposition = 'enforce', blocked = url }: Report): void {
  const init = { violatedDirective: directive, effectiveDirective: directive, blockedURI: blocked, disposition, originalPolicy: "connect-src 'self'", statusCode: 200, documentURI: location.href };
  document.dispatchEvent(new SecurityPolicyViolationEvent('securitypolicyviolation', init));
}

/** `fetch` fails as a refused request does (a TypeError), with the report `reports` says (none for a plain network failure). */
function failingFetch(reports: (url: string) => Report | undefined): () => void {
  const original = window.fetch;
  window.fetch = async (input: RequestInfo | URL) => {
    const url = input instanceof Request ? input.url : String(input);
    const what = reports(url);
    if (what?.first) report(url, what);
    else if (what) setTimeout(() => report(url, what), 0);
    throw new TypeError('Failed to fetch');
  };
  return () => {
    window.fetch = original;
  };
}

async function failure(promise: Promise<unknown>): Promise<MomoApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(MomoApiError);
    return error as MomoApiError;
  }
  throw new Error('the request succeeded');
}

const token = 'header.payload.signature';
const signal = () => new AbortController().signal;
let restore: () => void = () => {};
afterEach(() => restore());

describe('the API client under a Content-Security-Policy that leaves the backend out', () => {
  it('a refused session load is CSP_BLOCKED, not transient, and names the origin and directive', async () => {
    restore = failingFetch(() => ({}));
    const error = await failure(createApiClient('https://pay-a.example.test', token).getSession(signal()));
    expect(error.code).to.equal('CSP_BLOCKED');
    expect(error.message).to.equal("The page's Content-Security-Policy blocks https://pay-a.example.test: add it to connect-src.");
    expect(error.transient).to.equal(false);
    expect(error.tokenRefused).to.equal(false);
  });

  it('a report that comes before the failure counts too, and so does one naming only the origin', async () => {
    restore = failingFetch(() => ({ first: true }));
    expect((await failure(createApiClient('https://pay-b.example.test', token).getStatus(signal()))).code).to.equal('CSP_BLOCKED');
    restore();
    restore = failingFetch(() => ({ blocked: 'https://pay-c.example.test' }));
    expect((await failure(createApiClient('https://pay-c.example.test/', token).pay('256772123456', signal()))).code).to.equal('CSP_BLOCKED');
  });

  it('a plain network failure, a report-only policy, another directive or another URL stay NETWORK_ERROR, and transient', async () => {
    const cases: Record<string, (url: string) => Report | undefined> = {
      none: () => undefined,
      'report-only': () => ({ disposition: 'report' }),
      'img-src': () => ({ directive: 'img-src' }),
      'another origin': () => ({ blocked: 'https://elsewhere.example.test/v1/session' }),
    };
    for (const [name, reports] of Object.entries(cases)) {
      restore = failingFetch(reports);
      const error = await failure(createApiClient(`https://pay-d-${name.replace(/\W/g, '')}.example.test`, token).getSession(signal()));
      expect(error.code, name).to.equal('NETWORK_ERROR');
      expect(error.transient, name).to.equal(true);
      restore();
    }
  });

  it('a policy that refuses only the event stream leaves the other paths to the network', async () => {
    const client = createApiClient('https://pay-e.example.test', token);
    restore = failingFetch((url) => (url.endsWith('/v1/session/events') ? {} : undefined));
    expect((await failure(client.openEvents(signal()))).code).to.equal('CSP_BLOCKED');
    expect((await failure(client.getStatus(signal()))).code).to.equal('NETWORK_ERROR');
  });

  it('the status follower stops on a refused status poll and reports it, instead of retrying forever', async () => {
    // The stream fails as the network does (the follower falls back to polling); the status path is refused.
    restore = failingFetch((url) => (url.includes('/v1/session/status') ? {} : undefined));
    let polls = 0;
    const client = createApiClient('https://pay-f.example.test', token);
    const getStatus = client.getStatus.bind(client);
    client.getStatus = (abort) => {
      polls++;
      return getStatus(abort);
    };
    const host: ReactiveControllerHost = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };
    const fatal = new Promise<MomoApiError>((resolve) => {
      const follower = new StatusFollower(host, {
        timing: { pollDelayMs: 1, slowPollDelayMs: 1, maxErrorDelayMs: 2 },
        onUpdate: () => {},
        onFatal: resolve,
      });
      follower.follow(client, 'pending');
    });
    const error = await fatal;
    expect(error.code).to.equal('CSP_BLOCKED');
    expect(error.transient).to.equal(false);
    // Back-offs here are a few milliseconds: a follower that kept retrying would have polled again.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(polls).to.equal(1);
  });
});

import { expect } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import { Countdown, formatRemaining, type Clock } from '../../src/controllers/countdown';
import { en } from '../../src/i18n/en';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, type FakeBackend } from './helpers';

/** A clock the test moves by hand; `fire()` runs the callback that is due, as a (late) timer would. */
function manualClock(start = Date.parse('2026-11-22T10:00:00Z')) {
  let now = start;
  const timers: { at: number; callback: () => void; delay: number }[] = [];
  const clock: Clock = {
    now: () => now,
    after(ms, callback) {
      const timer = { at: now + ms, callback, delay: ms };
      timers.push(timer);
      return () => timers.splice(timers.indexOf(timer), 1);
    },
  };
  return {
    clock,
    timers,
    set: (ms: number) => (now = ms),
    /** Moves to the pending timer's time (or later, like a throttled tab) and runs it. */
    fire(lateMs = 0) {
      const timer = timers.shift()!;
      now = timer.at + lateMs;
      timer.callback();
    },
  };
}

function countdownHost() {
  const host = {
    updates: 0,
    addController() {},
    removeController() {},
    requestUpdate() {
      host.updates++;
    },
    updateComplete: Promise.resolve(true),
  } satisfies ReactiveControllerHost & { updates: number };
  return host;
}

describe('Countdown', () => {
  it('ticks on whole seconds, reading the wall clock every time', () => {
    const time = manualClock();
    const host = countdownHost();
    const deadline = new Date(time.clock.now() + 872_300).toISOString();
    const countdown = new Countdown(host, { deadline: () => deadline, clock: time.clock });
    countdown.hostConnected();
    expect(countdown.remainingMs).to.equal(872_300);
    expect(formatRemaining(countdown.remainingMs!)).to.equal('14:33');
    expect(time.timers.map((t) => t.delay)).to.deep.equal([300]); // to the next whole second
    time.fire();
    expect(host.updates).to.equal(1);
    expect(formatRemaining(countdown.remainingMs!)).to.equal('14:32');
    expect(time.timers.map((t) => t.delay)).to.deep.equal([1_000]);
    // A background tab's timer fires five minutes late: the time left is still right.
    time.fire(300_000);
    expect(formatRemaining(countdown.remainingMs!)).to.equal('9:31');
    expect(time.timers).to.have.length(1);
  });

  it('stops at zero and says so once', () => {
    const time = manualClock();
    const host = countdownHost();
    let ends = 0;
    const deadline = new Date(time.clock.now() + 1_500).toISOString();
    const countdown = new Countdown(host, { deadline: () => deadline, clock: time.clock, onEnd: () => ends++ });
    countdown.hostConnected();
    time.fire();
    expect(ends).to.equal(0);
    time.fire();
    expect(countdown.remainingMs).to.equal(0);
    expect(ends).to.equal(1);
    expect(countdown.ticking).to.equal(false);
    countdown.hostUpdate();
    expect(time.timers).to.have.length(0);
    expect(ends).to.equal(1);
  });

  it('ticks only while connected and while there is a deadline (not once final)', () => {
    const time = manualClock();
    const host = countdownHost();
    let deadline: string | undefined = new Date(time.clock.now() + 600_000).toISOString();
    const countdown = new Countdown(host, { deadline: () => deadline, clock: time.clock });
    countdown.hostUpdate();
    expect(countdown.ticking).to.equal(false); // not connected yet
    countdown.hostConnected();
    expect(countdown.ticking).to.equal(true);
    countdown.hostDisconnected();
    expect(countdown.ticking).to.equal(false);
    expect(time.timers).to.have.length(0);
    countdown.hostConnected();
    expect(time.timers).to.have.length(1);
    deadline = undefined; // the status became final
    countdown.hostUpdate();
    expect(countdown.ticking).to.equal(false);
    expect(countdown.remainingMs).to.equal(undefined);
    expect(time.timers).to.have.length(0);
  });

  it('formats minutes and seconds, with hours when there are some', () => {
    expect(formatRemaining(872_000)).to.equal('14:32');
    expect(formatRemaining(59_001)).to.equal('1:00');
    expect(formatRemaining(5_000)).to.equal('0:05');
    expect(formatRemaining(0)).to.equal('0:00');
    expect(formatRemaining(3_723_000)).to.equal('1:02:03');
  });
});

describe('<momo-checkout> behaviour', () => {
  let backend: FakeBackend | undefined;
  let original: typeof window.fetch | undefined;
  afterEach(() => {
    backend?.restore();
    backend = undefined;
    if (original) window.fetch = original;
    original = undefined;
    document.querySelectorAll('momo-checkout, input').forEach((element) => {
      element.remove();
    });
  });

  /** Serves `/v1/session` from `session()` (which may throw, as a dropped connection does). */
  function serve(session: () => object, status?: () => object) {
    original = window.fetch;
    const requests: { path: string; errorShown: boolean }[] = [];
    let element: MomoCheckout | undefined;
    window.fetch = async (input, init) => {
      const { pathname } = new URL(new Request(input, init).url);
      requests.push({ path: pathname, errorShown: !!(element && part(element, 'error')) });
      if (pathname === '/v1/session') return Response.json(session());
      if (pathname === '/v1/session/status' && status) return Response.json(status());
      return Response.json({ error: { code: 'SSE_UNAVAILABLE', message: 'off' } }, { status: 503 });
    };
    return { requests, watch: (e: MomoCheckout) => (element = e) };
  }

  it('shows the time left outside the live region, and announces the last minute once', async () => {
    backend = fakeBackend(fixtureSession({ expiresAt: new Date(Date.now() + 872_500).toISOString() }));
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    const countdown = part(element, 'countdown')!;
    expect(countdown.textContent).to.equal(en.countdown.expiresIn('14:33'));
    expect(countdown.getAttribute('role')).to.equal('timer'); // implicitly aria-live="off"
    expect(countdown.closest('[aria-live]')).to.equal(null);
    expect(part(element, 'status')!.textContent).to.not.contain(en.countdown.lastMinute);
    await expect(element).to.be.accessible();
    backend.restore();

    backend = fakeBackend(fixtureSession({ expiresAt: new Date(Date.now() + 45_000).toISOString() }));
    const late = mount(fakeToken());
    await late.next('momo-ready');
    expect(part(late.element, 'status')!.textContent).to.contain(en.countdown.lastMinute);
    expect(part(late.element, 'countdown')!.textContent).to.match(/Expires in 0:4\d/);
  });

  it('shows the countdown with "approve on your phone", and drops it once final', async () => {
    backend = fakeBackend(fixtureSession({ instructions: [{ ...INSTRUCTIONS.push, needsPhone: false }] }));
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    await streamOpen(backend);
    expect(part(element, 'push-wait')).to.not.equal(null);
    expect(part(element, 'countdown')!.textContent).to.match(/^Expires in 1[45]:\d\d$/);
    backend.push({ status: 'paid' });
    await next('momo-paid');
    await element.updateComplete;
    expect(part(element, 'countdown')).to.equal(null);
  });

  it('asks the page for a new checkout with momo-retry after a failure, and shows the new token', async () => {
    let session = fixtureSession({ status: 'failed', reason: 'rejected' });
    const { watch } = serve(
      () => session,
      () => ({ status: session.status, reason: session.reason, updatedAt: new Date().toISOString() }),
    );
    const { element, next } = mount(fakeToken());
    watch(element);
    await next('momo-failed');
    await element.updateComplete;
    expect(part(element, 'reason')!.textContent).to.equal(en.reasons.rejected);
    const retried = new Promise<CustomEvent>((resolve) =>
      document.addEventListener(
        'momo-retry',
        (event) => {
          // What a merchant page does: create a checkout on its server, then hand over the token.
          session = fixtureSession({ id: 'chk_second' });
          element.token = fakeToken({ sub: 'chk_second' });
          resolve(event);
        },
        { once: true },
      ),
    );
    const ready = new Promise<CustomEvent>((resolve) => element.addEventListener('momo-ready', resolve, { once: true }));
    const button = part(element, 'retry-button')!;
    expect(button.textContent).to.equal(en.errors.retry);
    button.click();
    const event = await retried;
    expect(event.composed && event.bubbles).to.equal(true);
    expect(event.detail).to.deep.equal({ checkoutId: 'chk_fixture', reason: 'rejected' });
    expect((await ready).detail.session.id).to.equal('chk_second');
    await element.updateComplete;
    expect(part(element, 'final')).to.equal(null);
    expect(part(element, 'instructions')).to.not.equal(null);
  });

  it('retries a network failure by itself, keeping the error panel up until it works', async () => {
    let failures = 1;
    const { requests, watch } = serve(() => {
      if (failures-- > 0) throw new TypeError('Failed to fetch');
      return fixtureSession();
    });
    const { element, next, seen } = mount(fakeToken());
    watch(element);
    expect((await next('momo-error')).code).to.equal('NETWORK_ERROR');
    await element.updateComplete;
    expect(part(element, 'error')!.textContent).to.contain(en.errors.autoRetry);
    expect(part(element, 'error')!.querySelector('button')!.textContent).to.equal(en.errors.retry);
    await next('momo-ready'); // after the back-off (1–2 s), with no one pressing anything
    await element.updateComplete;
    expect(part(element, 'error')).to.equal(null);
    expect(part(element, 'instructions')).to.not.equal(null);
    const sessionRequests = requests.filter((r) => r.path === '/v1/session');
    expect(sessionRequests.map((r) => r.errorShown)).to.deep.equal([false, true]); // no skeleton flash
    expect(seen['momo-error']).to.have.length(1);
  });

  it('retries at once when the browser comes back online', async () => {
    let online = false;
    const { requests } = serve(() => {
      if (!online) throw new TypeError('Failed to fetch');
      return fixtureSession();
    });
    const { element, next } = mount(fakeToken());
    await next('momo-error');
    const before = requests.length;
    online = true;
    const sent = performance.now();
    window.dispatchEvent(new Event('online'));
    await next('momo-ready');
    expect(performance.now() - sent).to.be.below(900); // the back-off would wait at least 1 s
    expect(requests.length).to.be.greaterThan(before);
    await element.updateComplete;
    expect(part(element, 'error')).to.equal(null);
  });

  it('moves focus to the final panel’s heading when the payment ends', async () => {
    backend = fakeBackend(fixtureSession());
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    await streamOpen(backend);
    backend.push({ status: 'failed', reason: 'timeout' });
    await next('momo-failed');
    await element.updateComplete;
    const focused = element.shadowRoot!.activeElement;
    expect(focused?.closest('[part~=final]') && focused.tagName).to.equal('H2');
    expect(focused!.textContent).to.equal(en.final.failed.title);
  });

  it('moves focus to the error panel, but never takes it from the rest of the page', async () => {
    const errored = mount('not-a-token');
    await errored.next('momo-error');
    await errored.element.updateComplete;
    const focused = errored.element.shadowRoot!.activeElement;
    expect(focused?.closest('[part~=error]') && focused.tagName).to.equal('H2');
    errored.element.remove();

    backend = fakeBackend(fixtureSession());
    const input = document.body.appendChild(document.createElement('input'));
    const { element, next } = mount(fakeToken());
    await next('momo-ready');
    await streamOpen(backend);
    input.focus();
    backend.push({ status: 'paid' });
    await next('momo-paid');
    await element.updateComplete;
    expect(document.activeElement === input, 'the input keeps the focus').to.equal(true);
    expect(element.shadowRoot!.activeElement?.tagName).to.equal(undefined);
  });
});

/** Resolves once the element has opened the fake backend's event stream (pushes before are lost). */
async function streamOpen(backend: FakeBackend): Promise<void> {
  const start = Date.now();
  while (!backend.requests.includes('/v1/session/events')) {
    if (Date.now() - start > 5_000) throw new Error('the event stream was never opened');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

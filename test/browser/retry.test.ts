/**
 * "Try again" after a failed payment: the element asks the page for a new checkout with a
 * cancelable `momo-retry`. A page that makes one says so with `preventDefault()` and sets the new
 * token; with nobody answering, the button must not sit there doing nothing.
 * DOM nodes are compared as booleans: a failing assertion that prints a node can stall the runner.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Session } from '../../contract';
import { decodeToken } from '../../src/core/token';
import { en } from '../../src/i18n/en';
import { fr, ptAO, registerTranslation, sw, vi } from '../../src/i18n/index';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeToken, fixtureSession, mount, part, words } from './helpers';

// As an app that builds every language in: the `locale` attribute picks among them.
registerTranslation(fr, ptAO, vi, sw);

/** Serves each token's checkout by its `sub`: `chk_fixture` has failed, `chk_second` is new. */
function serveCheckouts(): { restore(): void } {
  const sessions: Record<string, Session> = {
    chk_fixture: fixtureSession({ status: 'failed', reason: 'rejected' }),
    chk_second: fixtureSession({ id: 'chk_second' }),
  };
  const original = window.fetch;
  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    const decoded = decodeToken(request.headers.get('authorization')!.replace(/^Bearer /, ''));
    const session = decoded.ok ? sessions[decoded.claims.sub] : undefined;
    const { pathname } = new URL(request.url);
    if (session && pathname === '/v1/session') return Response.json(session);
    if (session && pathname === '/v1/session/status') return Response.json({ status: session.status, reason: session.reason, updatedAt: new Date().toISOString() });
    return Response.json({ error: { code: 'SSE_UNAVAILABLE', message: 'off' } }, { status: 503 });
  };
  return {
    restore: () => {
      window.fetch = original;
    },
  };
}

/** The failed checkout on screen, in a container with a focusable control before it. */
async function showFailed(locale?: string): Promise<MomoCheckout> {
  const container = document.body.appendChild(document.createElement('div'));
  container.className = 'retry-test';
  container.innerHTML = '<input aria-label="the page’s own field">';
  const { element, next } = mount(fakeToken(), container);
  if (locale) element.locale = locale;
  await next('momo-failed');
  await element.updateComplete;
  return element;
}

/** Presses "Try again" with the keyboard, as a payer would. */
async function pressTryAgain(element: MomoCheckout): Promise<void> {
  part(element, 'retry-button')!.focus();
  await sendKeys({ press: 'Enter' });
  await element.updateComplete;
}

describe('"Try again" after a failed payment', () => {
  let backend: { restore(): void };
  beforeEach(() => {
    backend = serveCheckouts();
  });
  afterEach(() => {
    backend.restore();
    document.querySelectorAll('.retry-test').forEach((container) => {
      container.remove();
    });
  });

  it('fires a cancelable momo-retry; when no page takes it, the button becomes a note to ask for a new link, and focus moves to it', async () => {
    const element = await showFailed();
    const fired: CustomEvent[] = [];
    const listen = (event: Event) => fired.push(event as CustomEvent);
    document.addEventListener('momo-retry', listen);
    try {
      await pressTryAgain(element);
    } finally {
      document.removeEventListener('momo-retry', listen);
    }
    expect(fired.map((event) => [event.cancelable, event.defaultPrevented, event.detail])).to.deep.equal([[true, false, { checkoutId: 'chk_fixture', reason: 'rejected' }]]);
    expect(part(element, 'retry-button') === null, 'no more "Try again"').to.equal(true);
    const note = part(element, 'retry-note')!;
    expect(note.textContent).to.equal(en.askForNewLink('Kampala Parents School'));
    expect(element.shadowRoot!.activeElement === note, 'focus is on the note').to.equal(true);
    await expect(element).to.be.accessible();
  });

  it('once "Try again" went unanswered, the panel says one thing: ask the merchant, no "you can try again" (every language)', async () => {
    for (const t of [en, fr, ptAO, sw, vi]) {
      const element = await showFailed(t.$code);
      const panel = part(element, 'final')!;
      expect(words(panel.textContent), `${t.$code}: before`).to.include(words(t.final.failed.body('', '')));
      await pressTryAgain(element);
      const after = words(panel.textContent);
      expect(after, `${t.$code}: no invitation left`).to.not.include(words(t.final.failed.body('', '')));
      expect(after, t.$code).to.include(words(t.failedNoRetry));
      expect(after, t.$code).to.include(words(t.askForNewLink('Kampala Parents School')));
      expect(t.failedNoRetry, t.$code).to.not.equal(t.final.failed.body('', ''));
      element.parentElement!.remove();
    }
  });

  it('says so in the payer’s language', async () => {
    const element = await showFailed('vi');
    await pressTryAgain(element);
    expect(part(element, 'retry-note')!.textContent).to.equal(vi.askForNewLink('Kampala Parents School'));
  });

  it('a page that takes momo-retry keeps the button until its new token loads, then focus goes to the new checkout’s ways to pay', async () => {
    const element = await showFailed();
    let handOver!: () => void;
    const asked = new Promise<void>((resolve) =>
      element.addEventListener(
        'momo-retry',
        (event) => {
          event.preventDefault(); // "a new checkout is coming"
          // The page's server takes a moment to create it.
          handOver = () => (element.token = fakeToken({ sub: 'chk_second' }));
          resolve();
        },
        { once: true },
      ),
    );
    await pressTryAgain(element);
    await asked;
    expect(part(element, 'retry-note') === null, 'no note while the page makes the checkout').to.equal(true);
    expect(part(element, 'retry-button') !== null, '"Try again" stays').to.equal(true);

    const ready = new Promise<CustomEvent>((resolve) => element.addEventListener('momo-ready', resolve, { once: true }));
    handOver();
    expect((await ready).detail.session.id).to.equal('chk_second');
    await element.updateComplete;
    const heading = part(element, 'instructions')!.querySelector('h2')!;
    expect(element.shadowRoot!.activeElement === heading, 'focus is on the ways to pay').to.equal(true);
    expect(heading.textContent).to.equal(en.howToPay);
    // Tab goes on to the first control of the new checkout.
    await sendKeys({ press: 'Tab' });
    expect(element.shadowRoot!.activeElement?.getAttribute('part')).to.equal('copy-button');
    await expect(element).to.be.accessible();
  });

  it('a double press asks the page for one new checkout, not two; a later press asks again', async () => {
    const element = await showFailed();
    let asked = 0;
    element.addEventListener('momo-retry', (event) => {
      event.preventDefault();
      asked++;
    });
    const button = part(element, 'retry-button')!;
    button.click();
    button.click();
    await element.updateComplete;
    expect(asked).to.equal(1);
    // The page failed to make it (its server was down, say): a press a moment later asks again.
    const realNow = Date.now;
    Date.now = () => realNow() + 3_000;
    try {
      button.click();
    } finally {
      Date.now = realNow;
    }
    expect(asked).to.equal(2);
  });

  it('the new checkout does not take the focus from the page', async () => {
    const element = await showFailed();
    const field = element.parentElement!.querySelector('input')!;
    element.addEventListener('momo-retry', (event) => event.preventDefault(), { once: true });
    await pressTryAgain(element);
    field.focus(); // say the page asks the payer something while it makes the checkout
    const ready = new Promise((resolve) => element.addEventListener('momo-ready', resolve, { once: true }));
    element.token = fakeToken({ sub: 'chk_second' });
    await ready;
    await element.updateComplete;
    expect(document.activeElement === field, 'the page’s field keeps the focus').to.equal(true);
    expect(element.shadowRoot!.activeElement === null, 'nothing inside the element has it').to.equal(true);
  });

  it('a new token after the note starts over: the next failure offers "Try again" again', async () => {
    const element = await showFailed();
    await pressTryAgain(element);
    await waitUntil(() => part(element, 'retry-note'), 'the note');
    element.token = fakeToken({ sub: 'chk_fixture', jti: 'again' });
    await waitUntil(() => part(element, 'retry-button'), '"Try again" is back with the new token');
    expect(part(element, 'retry-note') === null, 'no note').to.equal(true);
  });
});

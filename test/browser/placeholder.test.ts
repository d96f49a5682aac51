/**
 * Before the script defines `<momo-checkout>`, the page's placeholder rule (the demo's, which the
 * README gives) holds the place of the loading skeleton: nothing below moves when the element
 * upgrades. This file imports no module that defines the tag: it is defined late, here.
 */
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { MomoCheckout } from '../../src/index';

const base64url = (value: object): string => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
/** An unsigned token the element decodes; the stalled backend below never answers it. */
const TOKEN = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ iss: 'https://momo.test', sub: 'chk_late', aud: 'momo-checkout', exp: 4_102_444_800 })}.c2ln`;

/** The demo page's placeholder rule, as written in demo/index.html. */
async function demoPlaceholderCss(): Promise<string> {
  const page = new DOMParser().parseFromString(await (await fetch('/demo/index.html')).text(), 'text/html');
  const css = page.querySelector('style#momo-placeholder')?.textContent;
  if (!css) throw new Error('demo/index.html has no <style id="momo-placeholder">');
  return css;
}

/** The next frame, painted: layout shifts are reported per frame. */
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

/** The session never arrives: the element keeps showing its loading skeleton. */
function stallBackend(): () => void {
  const original = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
    new Promise((_, reject) => {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
  return () => (window.fetch = original);
}

interface Upgrade {
  before: { element: DOMRect; below: DOMRect };
  after: { element: DOMRect; below: DOMRect };
  /** The layout shift scores of the frames after the upgrade. */
  shifts: number[];
  skeleton: boolean;
}

/**
 * A page with `<tag token>` and a paragraph under it, styled by `css`; defines `tag` once the page
 * has been painted (a script that loads late) and measures what moved.
 */
async function upgradeLate(tag: string, css: string): Promise<Upgrade> {
  const style = Object.assign(document.createElement('style'), { textContent: css });
  const page = document.createElement('div');
  page.innerHTML = `<${tag} token="${TOKEN}"></${tag}><p>What the merchant's page says under the checkout.</p>`;
  document.head.append(style);
  document.body.append(page);
  const restore = stallBackend();
  try {
    const [element, below] = [page.firstElementChild as HTMLElement, page.lastElementChild as HTMLElement];
    await nextFrame();
    const before = { element: element.getBoundingClientRect(), below: below.getBoundingClientRect() };
    const shifts: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) shifts.push((entry as PerformanceEntry & { value: number }).value);
    });
    observer.observe({ type: 'layout-shift' });
    customElements.define(tag, class extends MomoCheckout {});
    await (element as MomoCheckout).updateComplete;
    await nextFrame();
    for (const entry of observer.takeRecords()) shifts.push((entry as PerformanceEntry & { value: number }).value);
    observer.disconnect();
    const skeleton = element.shadowRoot?.querySelector('[part~=card][aria-busy=true]') != null;
    const after = { element: element.getBoundingClientRect(), below: below.getBoundingClientRect() };
    return { before, after, shifts, skeleton };
  } finally {
    restore();
    page.remove();
    style.remove();
  }
}

describe('before the script runs', () => {
  let css: string;
  before(async () => {
    css = await demoPlaceholderCss();
  });
  after(() => setViewport({ width: 800, height: 600 }));

  /** The rule, for another tag: a tag is defined once per page, and each case needs a late one. */
  const ruleFor = (tag: string) => css.replaceAll('momo-checkout', tag);

  for (const [device, viewport, height] of [
    ['a desktop', { width: 1024, height: 800 }, 497],
    ['a phone', { width: 360, height: 740 }, 531],
  ] as const) {
    it(`on ${device}, the placeholder is the skeleton's size, and nothing moves when the element upgrades`, async () => {
      await setViewport(viewport);
      const tag = `momo-checkout-${viewport.width}`;
      const { before, after, shifts, skeleton } = await upgradeLate(tag, ruleFor(tag));
      expect(skeleton, 'the first render is the loading skeleton').to.equal(true);
      expect(before.element.height, 'the placeholder holds its place').to.equal(height);
      expect(after.element.height, 'the skeleton fills the placeholder exactly').to.be.closeTo(before.element.height, 1);
      expect(after.below.top, 'the text under it did not move').to.be.closeTo(before.below.top, 1);
      expect(
        shifts.reduce((sum, value) => sum + value, 0),
        'layout shift',
      ).to.be.below(0.001);
    });
  }

  it('without the placeholder the page jumps (what the measure above would catch)', async () => {
    await setViewport({ width: 1024, height: 800 });
    const { before, after, shifts } = await upgradeLate('momo-checkout-bare', '');
    expect(before.element.height).to.equal(0);
    expect(after.below.top - before.below.top).to.be.greaterThan(400);
    expect(shifts.reduce((sum, value) => sum + value, 0)).to.be.greaterThan(0.01);
  });

  it('a hidden element keeps no place', async () => {
    const style = Object.assign(document.createElement('style'), { textContent: ruleFor('momo-checkout-unseen') });
    document.head.append(style);
    const element = document.createElement('momo-checkout-unseen');
    element.hidden = true;
    document.body.append(element);
    try {
      expect(element.getBoundingClientRect().height).to.equal(0);
    } finally {
      element.remove();
      style.remove();
    }
  });
});

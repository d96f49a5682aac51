import { expect } from '@open-wc/testing';
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { createApp, h, nextTick, ref } from 'vue';
import type { StatusUpdate } from '../../contract';
import { Checkout as ReactCheckout } from '../../demo/react/checkout';
import { Checkout as VueCheckout } from '../../demo/vue/checkout';
import { actAsPayer, backends, createCheckout, part } from './helpers';

/** The demo's React 19 and Vue 3 examples, mounted by each framework, against the real backend. */

/** Resolves once `momo-ready` bubbles up to `host` (listen before the element loads). */
const readyIn = (host: HTMLElement): Promise<unknown> => new Promise((resolve) => host.addEventListener('momo-ready', resolve, { once: true }));

const sessionId = async (ready: Promise<unknown>) => ((await ready) as CustomEvent<{ session: { id: string } }>).detail.session.id;

/** The payer declines at the sandbox; resolves once the element shows the failure with "Try again". */
async function declined(host: HTMLElement, checkoutId: string) {
  const failed = new Promise((resolve) => host.addEventListener('momo-failed', resolve, { once: true }));
  await actAsPayer(backends().api, checkoutId, 'decline');
  await failed;
  const element = host.querySelector('momo-checkout')!;
  await element.updateComplete;
  return part(element, 'retry-button')!;
}

/** Statuses seen by a framework-level listener, and the first `momo-paid` it gets. */
function listeners() {
  const statuses: string[] = [];
  let resolvePaid: (detail: StatusUpdate) => void;
  const paid = new Promise<StatusUpdate>((resolve) => (resolvePaid = resolve));
  return {
    statuses,
    paid,
    onStatus: (event: CustomEvent<StatusUpdate>) => statuses.push(event.detail.status),
    onPaid: (event: CustomEvent<StatusUpdate>) => resolvePaid(event.detail),
  };
}

describe('embedding in frameworks (demo/react, demo/vue)', () => {
  let host: HTMLElement;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(() => host.remove());

  it('React 19 sets token as a property and gets momo-status and momo-paid through on… props', async () => {
    const { api } = backends();
    const checkout = await createCheckout(api);
    const ready = readyIn(host);
    const { statuses, paid, onStatus, onPaid } = listeners();
    const root = createRoot(host);
    flushSync(() => root.render(createElement(ReactCheckout, { token: checkout.token, locale: 'en', onStatus, onPaid })));

    const element = host.querySelector('momo-checkout')!;
    expect(element.token).to.equal(checkout.token);
    expect(element.hasAttribute('token'), 'a property, not an attribute').to.equal(false);
    await ready;
    await element.updateComplete;
    expect(part(element, 'ussd-code')!.textContent).to.match(/^\*165\*3\*\d+\*1#$/);

    await actAsPayer(api, checkout.id, 'approve');
    expect((await paid).status).to.equal('paid');
    expect(statuses).to.include('paid');
    await element.updateComplete;
    expect(part(element, 'final')!.dataset.status).to.equal('paid');
    root.unmount();
    expect(host.querySelector('momo-checkout')).to.equal(null);
  });

  it('React re-renders with a new token: the element starts over with that checkout', async () => {
    const { api } = backends();
    const [first, second] = await Promise.all([createCheckout(api), createCheckout(api)]);
    const root = createRoot(host);
    let ready = readyIn(host);
    flushSync(() => root.render(createElement(ReactCheckout, { token: first.token })));
    const element = host.querySelector('momo-checkout')!;
    await ready;
    ready = readyIn(host);
    flushSync(() => root.render(createElement(ReactCheckout, { token: second.token })));
    expect(host.querySelector('momo-checkout')).to.equal(element);
    expect(element.token).to.equal(second.token);
    expect(((await ready) as CustomEvent<{ session: { id: string } }>).detail.session.id).to.equal(second.id);
    root.unmount();
  });

  it('React: "Try again" reaches onRetry, which takes it and renders a new checkout', async () => {
    const { api } = backends();
    const [first, second] = await Promise.all([createCheckout(api), createCheckout(api)]);
    const root = createRoot(host);
    const retried: CustomEvent[] = [];
    const render = (token: string) =>
      root.render(
        createElement(ReactCheckout, {
          token,
          onRetry: (event) => {
            event.preventDefault();
            retried.push(event);
            render(second.token);
          },
        }),
      );
    let ready = readyIn(host);
    flushSync(() => render(first.token));
    await ready;
    ready = readyIn(host);
    (await declined(host, first.id)).click();
    expect(await sessionId(ready)).to.equal(second.id);
    expect(retried.map((event) => [event.detail.checkoutId, event.defaultPrevented])).to.deep.equal([[first.id, true]]);
    expect(part(host.querySelector('momo-checkout')!, 'retry-note') === null, 'no note: the page took it').to.equal(true);
    root.unmount();
  });

  it('Vue: "Try again" reaches the retry listener, which takes it and sets a new token', async () => {
    const { api } = backends();
    const [first, second] = await Promise.all([createCheckout(api), createCheckout(api)]);
    const token = ref(first.token);
    const retried: CustomEvent[] = [];
    const onRetry = (event: CustomEvent<{ checkoutId: string }>) => {
      event.preventDefault();
      retried.push(event);
      token.value = second.token;
    };
    let ready = readyIn(host);
    const app = createApp(() => h(VueCheckout, { token: token.value, onRetry }));
    app.mount(host);
    await ready;
    ready = readyIn(host);
    (await declined(host, first.id)).click();
    expect(await sessionId(ready)).to.equal(second.id);
    expect(retried.map((event) => [event.detail.checkoutId, event.defaultPrevented])).to.deep.equal([[first.id, true]]);
    app.unmount();
  });

  it('Vue 3 sets token as a property and gets momo-status and momo-paid through onMomo… listeners', async () => {
    const { api } = backends();
    const checkout = await createCheckout(api);
    const ready = readyIn(host);
    const { statuses, paid, onStatus, onPaid } = listeners();
    const token = ref(checkout.token);
    const app = createApp(() => h(VueCheckout, { token: token.value, locale: 'en', onStatus, onPaid }));
    app.mount(host);

    const element = host.querySelector('momo-checkout')!;
    expect(element.token).to.equal(checkout.token);
    expect(element.hasAttribute('token'), 'a property, not an attribute').to.equal(false);
    await ready;
    await element.updateComplete;
    expect(part(element, 'ussd-code')!.textContent).to.match(/^\*165\*3\*\d+\*1#$/);

    await actAsPayer(api, checkout.id, 'approve');
    expect((await paid).status).to.equal('paid');
    expect(statuses).to.include('paid');

    // A reactive token reaches the element too.
    const next = await createCheckout(api);
    const readyAgain = readyIn(host);
    token.value = next.token;
    await nextTick();
    expect(element.token).to.equal(next.token);
    expect(((await readyAgain) as CustomEvent<{ session: { id: string } }>).detail.session.id).to.equal(next.id);
    app.unmount();
    expect(host.querySelector('momo-checkout')).to.equal(null);
  });
});

import { expect } from '@open-wc/testing';
import { createElement, createRef } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { StatusUpdate } from '../../contract/index';
import type { MomoCheckout as MomoCheckoutElement } from '../../src/momo-checkout';
import { MomoCheckout } from '../../src/react';
import { actAsPayer, backends, createCheckout, part } from './helpers';

/** `momo-checkout/react`: `@lit/react`'s wrapper, mounted by React against the real backend. */
describe('momo-checkout/react', () => {
  let host: HTMLElement;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(() => host.remove());

  it('sets token as a property, forwards its ref, and calls onReady, onStatus and onPaid', async () => {
    const { api } = backends();
    const checkout = await createCheckout(api);
    const ref = createRef<MomoCheckoutElement>();
    const statuses: string[] = [];
    let ready!: () => void;
    const readied = new Promise<void>((resolve) => (ready = resolve));
    let paid!: (update: StatusUpdate) => void;
    const paidWith = new Promise<StatusUpdate>((resolve) => (paid = resolve));
    const root = createRoot(host);
    flushSync(() =>
      root.render(
        createElement(MomoCheckout, {
          ref,
          token: checkout.token,
          locale: 'en',
          onReady: () => ready(),
          onStatus: (event) => statuses.push(event.detail.status),
          onPaid: (event) => paid(event.detail),
        }),
      ),
    );

    const element = host.querySelector('momo-checkout')!;
    expect(ref.current).to.equal(element);
    expect(element.token).to.equal(checkout.token);
    expect(element.hasAttribute('token'), 'a property, not an attribute').to.equal(false);
    await readied;
    await actAsPayer(api, checkout.id, 'approve');
    expect((await paidWith).status).to.equal('paid');
    expect(statuses).to.include('paid');
    root.unmount();
  });

  it('onRetry gets the cancelable momo-retry: preventDefault() keeps "ask for a new link" away', async () => {
    const { api } = backends();
    const checkout = await createCheckout(api);
    const retried: CustomEvent[] = [];
    const root = createRoot(host);
    let failed!: () => void;
    const failure = new Promise<void>((resolve) => (failed = resolve));
    flushSync(() =>
      root.render(
        createElement(MomoCheckout, {
          token: checkout.token,
          onFailed: () => failed(),
          onRetry: (event) => {
            event.preventDefault();
            retried.push(event);
          },
        }),
      ),
    );
    await actAsPayer(api, checkout.id, 'decline');
    await failure;
    const element = host.querySelector('momo-checkout')!;
    await element.updateComplete;
    part(element, 'retry-button')!.click();
    expect(retried.map((event) => event.detail.checkoutId)).to.deep.equal([checkout.id]);
    await element.updateComplete;
    expect(part(element, 'retry-note'), 'the page took it').to.equal(null);
    root.unmount();
  });
});

// Mounts the wrapper with React 18's createRoot. browser.mjs calls window.mountWrapper(token).
import { MomoCheckout } from 'momo-checkout/react';
import { createElement, version } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';

window.mountWrapper = (token) => {
  const host = document.body.appendChild(document.createElement('div'));
  const paid = [];
  let errored;
  // The element reads the token it was given: a malformed one is told as `momo-error`.
  window.tokenError = new Promise((resolve) => (errored = resolve));
  flushSync(() =>
    createRoot(host).render(
      createElement(MomoCheckout, {
        token,
        onPaid: (event) => paid.push(event.detail.status),
        onError: (event) => errored(event.detail.code),
      }),
    ),
  );
  const element = host.querySelector('momo-checkout');
  element.dispatchEvent(new CustomEvent('momo-paid', { detail: { status: 'paid' } }));
  const defined = customElements.get('momo-checkout');
  return {
    react: version,
    upgraded: defined !== undefined && element instanceof defined,
    tokenProperty: element.token,
    tokenAttribute: element.getAttribute('token'),
    paid,
  };
};

import { createElement as h, StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { approve, createCheckout, type CreatedCheckout } from '../sandbox';
import { Checkout } from './checkout';

/** A merchant page in React: create a checkout, show it, react to its events. */
function App() {
  const [checkout, setCheckout] = useState<CreatedCheckout>();
  const [events, setEvents] = useState<string[]>([]);
  const log = (line: string) => setEvents((lines) => [...lines, line]);
  return h(
    'main',
    null,
    h('h1', null, 'momo-checkout in React 19'),
    h('button', { type: 'button', onClick: async () => setCheckout(await createCheckout()) }, 'Create checkout'),
    checkout &&
      h(Checkout, {
        token: checkout.token,
        onStatus: (event) => log(`momo-status: ${event.detail.status}`),
        onPaid: () => log('momo-paid'),
        onRetry: (event) => {
          event.preventDefault(); // a new checkout is coming
          log('momo-retry');
          void createCheckout().then(setCheckout);
        },
      }),
    checkout && h('button', { type: 'button', onClick: () => approve(checkout.id) }, 'Approve as the payer (sandbox)'),
    h(
      'ol',
      { id: 'events' },
      events.map((line, index) => h('li', { key: index }, line)),
    ),
  );
}

createRoot(document.querySelector('#app')!).render(h(StrictMode, null, h(App)));

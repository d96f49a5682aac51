// Only the element's type: the element itself comes from the script-tag build (csp.html).
import type { MomoCheckout, MomoEventName } from '../src/index';
import { approve, createCheckout } from './sandbox';

/** The page's script, same-origin like everything under `script-src 'self'`. `#token=…` shows that checkout. */
const element = document.querySelector<MomoCheckout>('momo-checkout')!;
const createButton = document.querySelector<HTMLButtonElement>('#create')!;
const approveButton = document.querySelector<HTMLButtonElement>('#approve')!;
const events = document.querySelector('#events')!;
let checkoutId: string | undefined;

const NAMES: MomoEventName[] = ['momo-ready', 'momo-status', 'momo-paid', 'momo-failed', 'momo-expired', 'momo-cancelled', 'momo-error'];
for (const name of NAMES) {
  element.addEventListener(name, (event) => {
    const item = document.createElement('li');
    const detail = (event as CustomEvent<{ status?: string }>).detail;
    item.textContent = detail?.status ? `${name}: ${detail.status}` : name;
    events.append(item);
  });
}

function show(token: string): void {
  element.token = token;
  approveButton.hidden = !checkoutId;
}

createButton.addEventListener('click', async () => {
  const created = await createCheckout();
  checkoutId = created.id;
  show(created.token);
});
approveButton.addEventListener('click', () => checkoutId && approve(checkoutId));

const token = new URLSearchParams(location.hash.slice(1)).get('token');
if (token) show(token);

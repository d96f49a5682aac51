import '../src/define';
import type { MomoCheckout } from '../src/index';

/** The demo merchant: its server-side half is `/demo/checkouts` on the backend, which holds the API key. */
const form = document.querySelector<HTMLFormElement>('#merchant-form')!;
const merchantError = document.querySelector<HTMLElement>('#merchant-error')!;
const checkout = document.querySelector<MomoCheckout>('#checkout')!;
const hint = document.querySelector<HTMLElement>('#checkout-hint')!;
const log = document.querySelector<HTMLOListElement>('#event-log')!;
const payerButtons = [...document.querySelectorAll<HTMLButtonElement>('[data-action]')];
const reference = document.querySelector<HTMLInputElement>('#reference')!;

let checkoutId: string | undefined;

const newReference = () => `INV-${Date.now().toString(36).toUpperCase()}`;
reference.value = newReference();

function logEvent(name: string, detail: unknown) {
  const item = document.createElement('li');
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  const label = document.createElement('strong');
  label.textContent = name;
  const text = document.createElement('code');
  text.textContent = detail === undefined ? '' : JSON.stringify(detail);
  item.append(time, ' ', label, ' ', text);
  log.prepend(item);
}

function errorMessage(body: unknown, status: number) {
  const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
  return error ? `${error.code}: ${error.message}` : `HTTP ${status}`;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  merchantError.hidden = true;
  const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
  const body = { ...data, description: data.description || undefined };
  const response = await fetch('/demo/checkouts', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify(body),
  });
  const created = (await response.json().catch(() => null)) as { id: string; token: string } | null;
  if (!response.ok || !created) {
    merchantError.textContent = errorMessage(created, response.status);
    merchantError.hidden = false;
    return;
  }
  checkoutId = created.id;
  checkout.token = created.token;
  checkout.hidden = false;
  hint.hidden = true;
  payerButtons.forEach((button) => (button.disabled = false));
  reference.value = newReference();
  logEvent('checkout created', { id: created.id });
});

for (const button of payerButtons) {
  button.addEventListener('click', async () => {
    if (!checkoutId) return;
    const response = await fetch(`/sandbox/checkouts/${checkoutId}/${button.dataset.action}`, { method: 'POST' });
    logEvent(`payer ${button.dataset.action}`, response.ok ? undefined : errorMessage(await response.json().catch(() => null), response.status));
  });
}

for (const name of ['momo-ready', 'momo-status', 'momo-paid', 'momo-failed', 'momo-expired', 'momo-cancelled', 'momo-error'] as const) {
  checkout.addEventListener(name, (event) => {
    const detail = (event as CustomEvent).detail as { session?: { status: string; instructions: { kind: string }[] } };
    // The session is long; its status and the ways to pay are what a merchant looks for.
    const session = detail?.session;
    logEvent(name, session ? { status: session.status, instructions: session.instructions.map((i) => i.kind) } : detail);
    if (name !== 'momo-status' && name !== 'momo-ready') payerButtons.forEach((button) => (button.disabled = true));
  });
}

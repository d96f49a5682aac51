import '../src/define';
import { isFinalStatus, type CheckoutStatus } from '../contract';
import type { MomoCheckout } from '../src/index';
import { amountLimits, type AmountRange } from './amount-limits';
import { merchantErrors, plainError } from './merchant-errors';
import { paymentLinkPanel } from './payment-link';
import { saveCheckout, savedCheckout } from './saved-checkout';
import { actAsPayer, requestCheckout, type CreatedCheckout, type PayerAction } from './sandbox';
import { webhookPanel } from './webhooks';

/** The demo merchant: its server-side half is `/demo/checkouts` on the backend, which holds the API key. */
const form = document.querySelector<HTMLFormElement>('#merchant-form')!;
const merchantError = document.querySelector<HTMLElement>('#merchant-error')!;
const checkout = document.querySelector<MomoCheckout>('#checkout')!;
const hint = document.querySelector<HTMLElement>('#checkout-hint')!;
const log = document.querySelector<HTMLOListElement>('#event-log')!;
const payerButtons = [...document.querySelectorAll<HTMLButtonElement>('[data-action]')];
const reference = document.querySelector<HTMLInputElement>('#reference')!;
const webhooks = webhookPanel(document.querySelector<HTMLOListElement>('#webhook-log')!, document.querySelector<HTMLElement>('#webhooks-empty')!);
const errors = merchantErrors(form, merchantError);
const paymentLink = paymentLinkPanel(document.querySelector<HTMLElement>('#payment-link')!);

let checkoutId: string | undefined;
/** What the merchant asked for last: "Try again" asks for the same order once more. */
let lastOrder: Record<string, unknown> | undefined;

interface DemoMethod {
  id: string;
  currencies: string[];
  /** What the backend takes for this method, in major units. */
  amount: AmountRange;
  push: boolean;
}
interface DemoProvider {
  id: string;
  methods: DemoMethod[];
}

const PROVIDER_NAMES: Record<string, string> = {
  'mtn-momo': 'MTN MoMo',
  'momo-vn': 'MoMo Vietnam',
  'mom-factura': 'Mom Factura (Angola)',
  dollr: 'Dollr',
};
const METHOD_NAMES: Record<string, string> = {
  invoice: 'Invoice (USSD + QR)',
  'request-to-pay': 'Request to pay (approve on phone)',
  payment: 'Payment (approve on phone)',
  wallet: 'MoMo wallet (app link + QR)',
  mcx: 'Multicaixa Express (approve on phone)',
  ekwanza: 'E-kwanza (QR + code)',
  reference: 'Bank reference (ATM)',
  collection: 'Collection (approve on phone)',
};
/** A sensible amount per currency, in major units. */
const SAMPLE_AMOUNTS: Record<string, string> = { UGX: '150000', VND: '50000', AOA: '2500.00', EUR: '25.00', USD: '25.00', LRD: '4500.00', RWF: '15000' };

const providerSelect = document.querySelector<HTMLSelectElement>('#provider')!;
const methodSelect = document.querySelector<HTMLSelectElement>('#method')!;
const currencySelect = document.querySelector<HTMLSelectElement>('#currency')!;
const amount = document.querySelector<HTMLInputElement>('#amount')!;
const pushHint = document.querySelector<HTMLElement>('#push-hint')!;
const payerPhone = document.querySelector<HTMLInputElement>('#payer-phone')!;
const limits = amountLimits(amount, document.querySelector<HTMLElement>('#amount-limits')!);
let providers: DemoProvider[] = [];

function fill(select: HTMLSelectElement, options: { value: string; label: string }[]) {
  select.replaceChildren(...options.map(({ value, label }) => new Option(label, value)));
}

const selectedMethod = () => providers.find((p) => p.id === providerSelect.value)?.methods.find((m) => m.id === methodSelect.value);

/** E-kwanza sends its code to the payer's phone, so its checkouts need one up front. */
const PAYER_PHONES: Record<string, string> = { ekwanza: '244923000000' };

/**
 * A payer number each provider's sandbox takes, written as the payer's country writes it:
 * `provider` or, where the currency picks the country, `provider:currency`.
 */
const PAYER_PHONE_PLACEHOLDERS: Record<string, string> = {
  'mtn-momo': '0772 123 456', // MTN Uganda
  'mom-factura': '923 000 000', // Angola
  'momo-vn': '0900 123 123', // one of MoMo's test wallets
  dollr: '088 123 4567', // Liberia (USD, LRD)
  'dollr:RWF': '0781 234 567', // Rwanda
};

/** What follows from the method and currency now chosen: the amount's range and the phone's placeholder. */
function onCurrencyChange() {
  const provider = providerSelect.value;
  const currency = currencySelect.value;
  limits.set(selectedMethod()?.amount, `${PROVIDER_NAMES[provider] ?? provider} ${methodSelect.value}`, currency);
  payerPhone.placeholder = PAYER_PHONE_PLACEHOLDERS[`${provider}:${currency}`] ?? PAYER_PHONE_PLACEHOLDERS[provider] ?? '';
}

function onMethodChange() {
  const method = selectedMethod();
  payerPhone.value = PAYER_PHONES[methodSelect.value] ?? '';
  fill(
    currencySelect,
    (method?.currencies ?? []).map((c) => ({ value: c, label: c })),
  );
  amount.value = SAMPLE_AMOUNTS[currencySelect.value] ?? '100';
  onCurrencyChange();
}

function onProviderChange() {
  const provider = providers.find((p) => p.id === providerSelect.value);
  fill(
    methodSelect,
    (provider?.methods ?? []).map((m) => ({ value: m.id, label: METHOD_NAMES[m.id] ?? m.id })),
  );
  onMethodChange();
}

providerSelect.addEventListener('change', onProviderChange);
methodSelect.addEventListener('change', onMethodChange);
currencySelect.addEventListener('change', () => {
  amount.value = SAMPLE_AMOUNTS[currencySelect.value] ?? amount.value;
  onCurrencyChange();
});
// Editing a field the backend refused clears what it said.
form.addEventListener('input', (event) => {
  if ((event.target as Element).getAttribute('aria-invalid') === 'true') errors.clear();
});
// An amount outside the method's range never leaves the page: said beside the field, in place of the browser's bubble.
amount.addEventListener('invalid', (event) => {
  if (!amount.validity.customError) return;
  event.preventDefault();
  errors.show({ field: 'amount', text: amount.validationMessage });
});

/** Picks what `order` chose, as far as this backend still offers it. */
function choose(order: Record<string, unknown>) {
  const pick = (select: HTMLSelectElement, value: unknown, then: () => void) => {
    if (typeof value !== 'string' || ![...select.options].some((option) => option.value === value)) return false;
    select.value = value;
    then();
    return true;
  };
  if (!pick(providerSelect, order.provider, onProviderChange) || !pick(methodSelect, order.method, onMethodChange)) return;
  pick(currencySelect, order.currency, onCurrencyChange);
  if (typeof order.amount === 'string') amount.value = order.amount;
  const phone = (order.payer as { phone?: unknown } | undefined)?.phone;
  payerPhone.value = typeof phone === 'string' ? phone : '';
  limits.check();
}

void fetch('/demo/providers')
  .then((response) => response.json() as Promise<DemoProvider[]>)
  .then((list) => {
    providers = list;
    fill(
      providerSelect,
      list.map((p) => ({ value: p.id, label: PROVIDER_NAMES[p.id] ?? p.id })),
    );
    onProviderChange();
    // A reload keeps the checkout the page showed: the element tells where it stands now.
    const saved = savedCheckout();
    if (saved) {
      choose(saved.order);
      show(saved, saved.order, 'checkout restored');
    }
  });

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

/** The element shows `created`'s checkout, and the sandbox payer acts on it. */
function show(created: CreatedCheckout, order: Record<string, unknown>, label: string) {
  lastOrder = order;
  checkoutId = created.id;
  // The session came with the checkout: the element shows it without reading it first.
  checkout.session = created.session;
  checkout.token = created.token;
  paymentLink.show(created.url);
  checkout.hidden = false;
  hint.hidden = true;
  const method = providers.find((p) => p.id === order.provider)?.methods.find((m) => m.id === order.method);
  pushHint.hidden = !method?.push;
  payerButtons.forEach((button) => {
    button.disabled = false;
  });
  logEvent(label, { id: created.id });
  webhooks.follow();
}

/** The merchant's server creates the checkout; the page hands its token to the element. */
async function startCheckout(order: Record<string, unknown>, label: string): Promise<boolean> {
  errors.clear();
  let created: CreatedCheckout;
  try {
    created = await requestCheckout(order);
  } catch (error) {
    errors.show(plainError(error));
    return false;
  }
  saveCheckout({ id: created.id, token: created.token, url: created.url, order });
  show(created, order, label);
  return true;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const { payerPhone, ...data } = Object.fromEntries(new FormData(form)) as Record<string, string>;
  const order = { ...data, description: data.description || undefined, payer: payerPhone ? { phone: payerPhone } : undefined };
  if (!(await startCheckout(order, 'checkout created'))) return;
  reference.value = newReference();
});

// "Try again" after a failed payment: a failed checkout stays failed, so the merchant makes a new
// one for the same order. preventDefault() tells the element a new token is coming.
checkout.addEventListener('momo-retry', (event) => {
  if (!lastOrder) return;
  event.preventDefault();
  logEvent('momo-retry', event.detail);
  void startCheckout(lastOrder, 'checkout created again');
});

for (const button of payerButtons) {
  button.addEventListener('click', async () => {
    if (!checkoutId) return;
    const action = button.dataset.action as PayerAction;
    const refused = await actAsPayer(checkoutId, action).then(
      () => undefined,
      (error: Error) => error.message,
    );
    logEvent(`payer ${action}`, refused);
  });
}

for (const name of ['momo-ready', 'momo-status', 'momo-paid', 'momo-failed', 'momo-expired', 'momo-cancelled', 'momo-error'] as const) {
  checkout.addEventListener(name, (event) => {
    const detail = (event as CustomEvent).detail as { session?: { status: string; instructions: { kind: string }[] } };
    // The session is long; its status and the ways to pay are what a merchant looks for.
    const session = detail?.session;
    logEvent(name, session ? { status: session.status, instructions: session.instructions.map((i) => i.kind) } : detail);
    // A restored checkout may have ended already: nothing is left for the payer to do.
    const ended = name === 'momo-ready' && session !== undefined && isFinalStatus(session.status as CheckoutStatus);
    if (ended || (name !== 'momo-status' && name !== 'momo-ready'))
      payerButtons.forEach((button) => {
        button.disabled = true;
      });
    // The backend's webhook for a final status reaches the demo merchant's receiver just after.
    if (name === 'momo-paid' || name === 'momo-failed' || name === 'momo-expired' || name === 'momo-cancelled') webhooks.settle();
  });
}

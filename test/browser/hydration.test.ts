import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { fr } from '../../src/i18n/fr';
import type { MomoCheckout } from '../../src/momo-checkout';

// Nothing here defines <momo-checkout> before the page has its server-rendered HTML: like a real
// page, the hydrating script (the built dist/lib/momo-checkout.hydrate.iife.js) comes after it.

interface Rendered {
  html: string;
  styleHashes: string[];
}

const api = (): string => window.__MOMO_TEST__.api;

/** A checkout on the reference backend (its demo route, as the other backend tests make them). */
async function createCheckout(): Promise<{ id: string; token: string }> {
  const response = await fetch(`${api()}/demo/checkouts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'mtn-momo', method: 'invoice', amount: '15000', currency: 'UGX', reference: `INV-${crypto.randomUUID().slice(0, 8)}`, description: 'Frais de scolarité' }),
  });
  if (response.status !== 201) throw new Error(`creating a checkout: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; token: string };
}

/** Loads a classic script, as a page's `<script src>` would. */
function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} did not load`));
    document.head.append(script);
  });
}

/** Every error the page reports from now on: uncaught ones and console errors and warnings. */
function recordProblems(): string[] {
  const problems: string[] = [];
  window.addEventListener('error', (event) => problems.push(`error: ${event.message}`));
  window.addEventListener('unhandledrejection', (event) => problems.push(`rejection: ${String(event.reason)}`));
  const { error, warn } = console;
  console.error = (...args: unknown[]) => {
    problems.push(`console.error: ${args.map(String).join(' ')}`);
    error(...args);
  };
  console.warn = (...args: unknown[]) => {
    // Lit's development build says once that it is one; anything else counts.
    if (!/dev mode/i.test(String(args[0]))) problems.push(`console.warn: ${args.map(String).join(' ')}`);
    warn(...args);
  };
  return problems;
}

const parts = (element: Element, name: string): Element[] => [...element.shadowRoot!.querySelectorAll(`[part~="${name}"]`)];

describe('a server-rendered <momo-checkout>, hydrated', () => {
  let checkout: { id: string; token: string };
  let element: MomoCheckout;
  let ssr: { card: Element; merchant: Element; amount: Element; qr: Element };
  let problems: string[];

  before(async () => {
    checkout = await createCheckout();
    const rendered = (await executeServerCommand('render-checkout', { token: checkout.token, device: 'desktop', locale: 'fr' })) as Rendered;
    problems = recordProblems();
    const page = document.createElement('main');
    document.body.append(page);
    page.setHTMLUnsafe(rendered.html); // parses the declarative shadow root, as a page load would
    element = page.querySelector('momo-checkout') as MomoCheckout;
    const [card, merchant, amount, qr] = ['card', 'merchant', 'amount', 'qr'].map((name) => parts(element, name)[0]);
    ssr = { card: card!, merchant: merchant!, amount: amount!, qr: qr! };
    await loadScript('/dist/lib/momo-checkout.hydrate.iife.js');
    await customElements.whenDefined('momo-checkout');
    await element.updateComplete;
  });

  it('shows the checkout before any script runs', () => {
    expect(ssr.card, 'the card, from the declarative shadow root').to.exist;
    expect(ssr.merchant.textContent).to.not.equal('');
    expect(ssr.qr.querySelector('svg')).to.exist;
  });

  it('keeps the server-rendered nodes: one card, no second copy', () => {
    expect(element.hasUpdated, 'the element rendered (hydrated)').to.equal(true);
    expect(parts(element, 'card')).to.have.length(1);
    expect(parts(element, 'card')[0]).to.equal(ssr.card);
    expect(parts(element, 'merchant')[0]).to.equal(ssr.merchant);
    expect(parts(element, 'amount')[0]).to.equal(ssr.amount);
    expect(parts(element, 'qr')[0]).to.equal(ssr.qr);
    expect(element.shadowRoot!.querySelectorAll('section[part~="card"]')).to.have.length(1);
  });

  it('reports no hydration mismatch nor any other error', () => {
    expect(problems).to.deep.equal([]);
  });

  it('speaks the language it was rendered in', () => {
    expect(parts(element, 'card')[0]!.getAttribute('lang')).to.equal('fr');
    expect(parts(element, 'status')[0]!.textContent).to.contain(fr.status.pending);
  });

  it('then follows the status: paid after the payer approves, in the same card', async () => {
    const paid = new Promise((resolve) => element.addEventListener('momo-paid', resolve, { once: true }));
    const response = await fetch(`${api()}/sandbox/checkouts/${checkout.id}/approve`, { method: 'POST' });
    expect(response.ok, `approve: ${response.status}`).to.equal(true);
    await paid;
    await element.updateComplete;
    expect(parts(element, 'final')).to.have.length(1);
    expect(parts(element, 'card')).to.deep.equal([ssr.card]);
    expect(problems).to.deep.equal([]);
  });
});

/**
 * The merchant's server and the payer, for the small demo pages (React, Vue, CSP): the backend's
 * `/demo/checkouts` creates a checkout with the merchant key (which never reaches the browser),
 * and the sandbox payer approves it. Same origin as the page.
 */
export interface CreatedCheckout {
  id: string;
  token: string;
}

/** An MTN MoMo invoice (USSD + QR) by default; `body` picks another provider or method. */
export async function createCheckout(body: Record<string, unknown> = {}): Promise<CreatedCheckout> {
  const response = await fetch('/demo/checkouts', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      provider: 'mtn-momo',
      method: 'invoice',
      amount: '150000',
      currency: 'UGX',
      reference: `INV-${Date.now().toString(36).toUpperCase()}`,
      description: 'Term 1 school fees',
      ...body,
    }),
  });
  if (!response.ok) throw new Error(`Creating a checkout: HTTP ${response.status}`);
  return (await response.json()) as CreatedCheckout;
}

/** The sandbox payer approves the payment at the provider. */
export async function approve(id: string): Promise<void> {
  const response = await fetch(`/sandbox/checkouts/${id}/approve`, { method: 'POST' });
  if (!response.ok) throw new Error(`Approving: HTTP ${response.status}`);
}

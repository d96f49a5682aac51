/**
 * The merchant's server and the payer, for the demo pages: the backend's `/demo/checkouts`
 * creates a checkout with the merchant key (which never reaches the browser), and the sandbox
 * payer acts on it at the provider. Same origin as the page.
 */
export interface CreatedCheckout {
  id: string;
  token: string;
}

export type PayerAction = 'approve' | 'decline' | 'expire';

/** Posts to the backend; a refusal throws with the backend's own `CODE: message`. */
async function post<T>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) throw new Error(answer?.error ? `${answer.error.code}: ${answer.error.message}` : `HTTP ${response.status}`);
  return answer as T;
}

/** Exactly what the merchant asks for (the full demo's form). */
export const requestCheckout = (body: Record<string, unknown>): Promise<CreatedCheckout> => post('/demo/checkouts', body, { 'Idempotency-Key': crypto.randomUUID() });

/** An MTN MoMo invoice (USSD + QR) by default; `body` picks another provider or method. */
export const createCheckout = (body: Record<string, unknown> = {}): Promise<CreatedCheckout> =>
  requestCheckout({
    provider: 'mtn-momo',
    method: 'invoice',
    amount: '150000',
    currency: 'UGX',
    reference: `INV-${Date.now().toString(36).toUpperCase()}`,
    description: 'Term 1 school fees',
    ...body,
  });

/** The sandbox payer approves, declines or lets the payment expire at the provider. */
export const actAsPayer = (id: string, action: PayerAction): Promise<unknown> => post(`/sandbox/checkouts/${encodeURIComponent(id)}/${action}`);

export const approve = (id: string): Promise<unknown> => actAsPayer(id, 'approve');

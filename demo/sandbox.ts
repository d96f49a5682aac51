import type { Session } from '../contract';
/**
 * The merchant's server and the payer, for the demo pages: the backend's `/demo/checkouts`
 * creates a checkout with the merchant key (which never reaches the browser), and the sandbox
 * payer acts on it at the provider. Same origin as the page.
 */
export interface CreatedCheckout {
  id: string;
  token: string;
  /** The checkout's payment link: a page of its own for the payer. */
  url?: string;
  /** The session, once its instructions are ready: handed to the element, which then shows it without reading it. */
  session?: Session;
}

export type PayerAction = 'approve' | 'decline' | 'expire';

/** The backend refused: its own `code` and `message` when it answered with them. */
export class BackendRefusal extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'BackendRefusal';
  }
}

/** Posts to the backend; a refusal throws a BackendRefusal. */
async function post<T>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  if (response.ok) return answer as T;
  const { code, message } = answer?.error ?? {};
  throw typeof message === 'string'
    ? new BackendRefusal(typeof code === 'string' ? code : undefined, message, response.status)
    : new BackendRefusal(undefined, `The backend answered ${response.status}.`, response.status);
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

import type { MerchantConfig } from './config';
import type { Order } from './orders';

/** The part of `POST /v1/checkouts`'s answer the page uses. `session`: there once the instructions are ready. */
export interface CreatedCheckout {
  id: string;
  token: string;
  session?: unknown;
}

export type CreateResult = { ok: true; checkout: CreatedCheckout } | { ok: false; status: number; code: string; message: string };

/** Long enough for a provider that answers slowly, short enough that the payer is not left waiting on a blank page. */
const CREATE_TIMEOUT_MS = 15_000;

/**
 * Creates the checkout for an order, server to server: the API key stays on this server. One per
 * page view; the `Idempotency-Key` makes a retry of this same request (after a lost answer) the
 * same checkout. A shop that wants a reload to show the same checkout keys it by order and attempt.
 */
export async function createCheckout(config: MerchantConfig, order: Order, idempotencyKey: string): Promise<CreateResult> {
  const body = {
    provider: order.provider,
    method: order.method,
    amount: order.amount,
    currency: order.currency,
    reference: order.ref,
    description: order.description,
    ...(order.locale ? { locale: order.locale } : {}),
  };
  let response: Response;
  try {
    response = await fetch(`${config.backendUrl}/v1/checkouts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(CREATE_TIMEOUT_MS),
    });
  } catch (err) {
    return { ok: false, status: 0, code: 'BACKEND_UNREACHABLE', message: (err as Error).message };
  }
  const answer = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!response.ok) {
    const error = answer?.error as { code?: unknown; message?: unknown } | undefined;
    return { ok: false, status: response.status, code: String(error?.code ?? 'UNEXPECTED_ANSWER'), message: String(error?.message ?? response.statusText) };
  }
  if (typeof answer?.id !== 'string' || typeof answer.token !== 'string') {
    return { ok: false, status: response.status, code: 'UNEXPECTED_ANSWER', message: 'the answer has no checkout id or token' };
  }
  const session = answer.session && typeof answer.session === 'object' ? answer.session : undefined;
  return { ok: true, checkout: { id: answer.id, token: answer.token, ...(session ? { session } : {}) } };
}

/**
 * The origin the element talks to from the browser: the backend its token names (`iss`), which
 * the page's `connect-src` must allow. The backend's configured URL when the token names none.
 */
export function elementBackendOrigin(token: string, backendUrl: string): string {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
    if (typeof claims.iss === 'string') return new URL(claims.iss).origin;
  } catch {
    // not a readable token: the configured backend below
  }
  return new URL(backendUrl).origin;
}

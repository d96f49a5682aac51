/** The requests tests make of a backend as its two callers do: the merchant's server and the element. */

export interface MerchantRequestInit {
  /** Default: GET without a body, POST with one. */
  method?: string;
  body?: unknown;
  idempotencyKey?: string;
}

/** A merchant API call (`/v1`) to `url`: the merchant's key, a JSON body, an Idempotency-Key when given. */
export function merchantRequest(url: string, apiKey: string, init: MerchantRequestInit = {}): Promise<Response> {
  return fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      Authorization: `Bearer ${apiKey}`,
      'Content-Type': 'application/json',
      ...(init.idempotencyKey ? { 'Idempotency-Key': init.idempotencyKey } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** An element call to `url` with a checkout's token (a JSON body is sent as given, with its content type). */
export function elementRequest(url: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...(init.headers as Record<string, string> | undefined) } });
}

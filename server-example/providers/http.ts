import { randomUUID } from 'node:crypto';
import { providerCallStarted } from './call-watch';
import { ProviderError } from './types';

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * A decimal string sent as a JSON number digit for digit (`"2500.05"` → `2500.05`), for providers
 * whose amounts are JSON numbers: never through a JavaScript float, which would round it.
 */
export class JsonNumber {
  constructor(readonly digits: string) {
    if (!DECIMAL.test(digits)) throw new TypeError(`Not a decimal number: ${JSON.stringify(digits)}`);
  }

  /** The digits, as a signature or a log shows the number. */
  toString(): string {
    return this.digits;
  }
}

/** JSON.stringify, with each JsonNumber written as its own digits. */
export function stringifyJson(value: unknown): string {
  // A marker no string in the body can contain: nothing but a JsonNumber becomes a bare number.
  const marker = `json-number-${randomUUID()}:`;
  const text = JSON.stringify(value, (_key, inner: unknown) => (inner instanceof JsonNumber ? `${marker}${inner.digits}` : inner));
  return text.replaceAll(new RegExp(`"${marker}(-?[0-9.]+)"`, 'g'), '$1');
}

/** A provider's answer: its HTTP status and its JSON body, when it sent one that parses. */
export interface ProviderResponse<T> {
  status: number;
  body: T | undefined;
}

export interface ProviderRequest {
  method: string;
  headers?: Record<string, string>;
  /** Sent as JSON; a JsonNumber as its exact digits. */
  body?: unknown;
  /** Default 30 s: MoMo VN asks callers to wait at least that long, and no provider documents less. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * One HTTP call to a provider, JSON both ways. A network failure or timeout leaves the
 * outcome unknown, so it becomes ProviderError('unavailable'); any HTTP answer is returned
 * for the adapter to read, since providers put their verdicts in 4xx and 5xx bodies alike.
 */
export async function requestProvider<T>(provider: string, fetchFn: typeof fetch, url: string, request: ProviderRequest): Promise<ProviderResponse<T>> {
  const finished = providerCallStarted({ provider, method: request.method, url });
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: request.method,
      headers: { ...(request.body === undefined ? {} : { 'Content-Type': 'application/json; charset=UTF-8' }), ...request.headers },
      body: request.body === undefined ? undefined : stringifyJson(request.body),
      signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (err) {
    finished('unavailable');
    throw new ProviderError('unavailable', 'NETWORK', `${provider} could not be reached (${(err as Error).name}).`);
  }
  const text = await response.text().catch(() => '');
  finished(response.status < 400 ? 'ok' : isTransientStatus(response.status) ? 'transient' : 'rejected');
  try {
    return { status: response.status, body: text ? (JSON.parse(text) as T) : undefined };
  } catch {
    return { status: response.status, body: undefined };
  }
}

/** A gateway's or server's trouble, not a verdict on the request: the outcome is unknown. */
export const isTransientStatus = (status: number) => status >= 500 || status === 408 || status === 429;

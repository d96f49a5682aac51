/**
 * Callback delivery: MTN PUTs the final resource (invoice, request-to-pay, payment) to its
 * X-Callback-Url once, with no retry.
 * The `callbacks` fault can drop, duplicate or delay that PUT. A failing target is
 * recorded on the invoice and logged, never thrown.
 */
import { deliverUnderFault } from '../common/faults';
import type { CallbackTarget, Faults } from './state';

const CALLBACK_TIMEOUT_MS = 10_000;

export interface CallbackDeps {
  fetch: typeof fetch;
  now: () => number;
  faults: () => Faults;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

/** Returns the `onFinal` hook of the store: sends the final body to each callback URL. */
export function createCallbackSender(deps: CallbackDeps) {
  async function put(invoice: CallbackTarget, url: string, body: string): Promise<void> {
    invoice.callbacks.sent += 1;
    const attempt: CallbackTarget['callbacks']['attempts'][number] = { url, atMs: deps.now() };
    invoice.callbacks.attempts.push(attempt);
    try {
      const response = await deps.fetch(url, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body,
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      });
      attempt.status = response.status;
      await response.body?.cancel().catch(() => undefined);
      deps.log('mtn-momo sandbox: callback sent', { referenceId: invoice.referenceId, url, status: response.status });
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
      deps.log('mtn-momo sandbox: callback failed', { referenceId: invoice.referenceId, url, error: attempt.error });
    }
  }

  function deliver(invoice: CallbackTarget, url: string, body: string, faults: Faults): Promise<void> {
    return deliverUnderFault(
      faults,
      async (copies) => {
        for (let copy = 0; copy < copies; copy += 1) await put(invoice, url, body);
      },
      () => {
        invoice.callbacks.dropped += 1;
        deps.log('mtn-momo sandbox: callback dropped (fault)', { referenceId: invoice.referenceId, url });
      },
    );
  }

  return function onFinal(invoice: CallbackTarget, statusBody: unknown, extraCallbackUrl?: string): void {
    const urls = new Set([invoice.callbackUrl, extraCallbackUrl].filter((url): url is string => !!url));
    if (urls.size === 0) return;
    // Snapshot now: the body is the state that was reached, whatever happens later.
    const body = JSON.stringify(statusBody);
    const faults = deps.faults();
    for (const url of urls) {
      deliver(invoice, url, body, faults).catch((error: unknown) => deps.log('mtn-momo sandbox: callback error', { referenceId: invoice.referenceId, error: String(error) }));
    }
  };
}

/**
 * Webhook delivery (mom-factura-webhooks §4.4): for E-kwanza and Reference only, POSTed to
 * the URL the merchant set in the dashboard, unsigned, fire-and-forget, never retried.
 * A paid payment sends `payment.confirmed` then `invoice.created` (once the invoice exists:
 * later, under the `invoiceDelayMs` fault); a non-paid one sends one body with operationStatus
 * 3/4/5 and no `event`. The `callbacks` fault can drop, duplicate
 * or delay them. A failing target is recorded and logged, never thrown.
 */
import { deliverUnderFault } from '../common/faults';
import type { Faults, PaymentRecord, PaymentState, WebhookAttempt } from './state';
import type { WebhookBody } from './wire';

const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookDeps {
  fetch: typeof fetch;
  now: () => number;
  faults: () => Faults;
  webhookUrl: (payment: PaymentRecord) => string | undefined;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

/** operationStatus per final state: "1" paid · "3" cancelled/expired · "4" failed/refused · "5" error. */
const OPERATION_STATUS: Record<Exclude<PaymentState, 'pending'>, WebhookBody['operationStatus']> = {
  paid: '1',
  expired: '3',
  failed: '4',
  error: '5',
};

/** The id the merchant holds from the create answer: the E-kwanza code or the Reference operationId. */
export function merchantTransactionId(payment: PaymentRecord): string {
  return payment.code ?? payment.operationId ?? payment.transactionId;
}

/** The bodies due when the payment became final; `invoice.created` only if its invoice exists by then. */
export function webhookBodies(payment: PaymentRecord): WebhookBody[] {
  if (payment.state === 'pending') return [];
  const operationStatus = OPERATION_STATUS[payment.state];
  const base = {
    merchantTransactionId: merchantTransactionId(payment),
    ekwanzaTransactionId: payment.ekwanzaTransactionId ?? '',
    operationStatus,
    operationData: {
      paymentMethod: payment.method,
      transactionId: payment.transactionId,
      amount: payment.amount,
      feeAmount: payment.feeAmount,
      ...(payment.referenceNumber ? { entity: payment.entity, referenceNumber: payment.referenceNumber } : {}),
      ...(payment.operationCode ? { operationCode: payment.operationCode } : {}),
      ...(payment.finalAtMs !== undefined ? { updatedAt: new Date(payment.finalAtMs).toISOString() } : {}),
    },
  };
  if (operationStatus !== '1') return [base];
  return [{ event: 'payment.confirmed', ...base }, ...(payment.invoiceUrl ? [{ event: 'invoice.created' as const, ...base, invoiceUrl: payment.invoiceUrl }] : [])];
}

export function createWebhookSender(deps: WebhookDeps) {
  async function post(payment: PaymentRecord, url: string, body: WebhookBody): Promise<void> {
    payment.webhooks.sent += 1;
    const attempt: WebhookAttempt = { url, atMs: deps.now(), operationStatus: body.operationStatus, ...(body.event ? { event: body.event } : {}) };
    payment.webhooks.attempts.push(attempt);
    try {
      const response = await deps.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      attempt.status = response.status;
      await response.body?.cancel().catch(() => undefined);
      deps.log('mom-factura sandbox: webhook sent', { transactionId: payment.transactionId, event: body.event, status: response.status });
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
      deps.log('mom-factura sandbox: webhook failed', { transactionId: payment.transactionId, error: attempt.error });
    }
  }

  function deliver(payment: PaymentRecord, url: string, bodies: WebhookBody[], faults: Faults): Promise<void> {
    return deliverUnderFault(
      faults,
      async (copies) => {
        // Sequential: invoice.created follows payment.confirmed (each copy of a body back to back).
        for (const body of bodies) {
          for (let copy = 0; copy < copies; copy += 1) await post(payment, url, body);
        }
      },
      () => {
        payment.webhooks.dropped += bodies.length;
        deps.log('mom-factura sandbox: webhooks dropped (fault)', { transactionId: payment.transactionId });
      },
    );
  }

  /** Sends `bodies` to the payment's webhook URL, under the callback fault. */
  function send(payment: PaymentRecord, bodies: WebhookBody[]): void {
    // MCX answers in its own HTTP response; it never sends webhooks.
    if (payment.method === 'mcx') return;
    const url = deps.webhookUrl(payment);
    if (!url) {
      deps.log('mom-factura sandbox: no webhook URL configured', { transactionId: payment.transactionId });
      return;
    }
    deliver(payment, url, bodies, deps.faults()).catch((error: unknown) => deps.log('mom-factura sandbox: webhook error', { transactionId: payment.transactionId, error: String(error) }));
  }

  return {
    // Snapshot now: the bodies describe the state that was reached.
    onFinal: (payment: PaymentRecord) => send(payment, webhookBodies(payment)),
    onLateInvoice: (payment: PaymentRecord) =>
      send(
        payment,
        webhookBodies(payment).filter((body) => body.event === 'invoice.created'),
      ),
  };
}

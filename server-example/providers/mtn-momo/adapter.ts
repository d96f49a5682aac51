import { z } from 'zod';
import type { Instruction } from '../../../src/core/types';
import { createRateLimiter } from '../../rate-limiter';
import type { CheckoutRecord } from '../../store/types';
import { ProviderError, type CallbackRequest, type CreatePaymentInput, type ProviderAdapter, type ProviderStatus } from '../types';
import { createMtnClient, errorFrom, type MtnClient, type MtnClientOptions } from './client';
import { mapInvoiceStatus } from './status';
import type { CreateInvoiceBody, InvoiceStatusBody } from './wire';

export interface MtnMomoOptions extends MtnClientOptions {
  /** The MoMo Pay USSD string with `{ref}` for the invoice's paymentReference (MTN Uganda: `*165*3*{ref}*1#`). */
  ussdTemplate: string;
  /** The merchant's MoMo number, the invoice's payee. */
  payeeMsisdn: string;
  /** True while baseUrl is our sandbox: enables acting as the payer. */
  sandbox: boolean;
  /** What the target environment accepts (MTN's sandbox: EUR). */
  currencies: readonly string[];
}

/** MTN asks integrators for at most 10 status calls per second. */
const MAX_STATUS_CALLS_PER_SECOND = 10;
/** Waits between asks for the paymentReference, should MTN not have assigned it yet (~2 s in all). */
const PAYMENT_REFERENCE_WAITS_MS = [0, 250, 500, 1_000];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const CallbackBody = z.object({ referenceId: z.string().min(1).optional() }).loose();

/** MTN MoMo Collection: the Invoice API (USSD + QR). */
export function createMtnMomoAdapter(options: MtnMomoOptions): ProviderAdapter {
  const client: MtnClient = createMtnClient(options);
  const statusSlot = createRateLimiter(MAX_STATUS_CALLS_PER_SECOND);

  async function getInvoice(referenceId: string): Promise<InvoiceStatusBody | undefined> {
    await statusSlot();
    const response = await client.collection<InvoiceStatusBody>('GET', `/collection/v2_0/invoice/${encodeURIComponent(referenceId)}`);
    if (response.status === 404) return undefined;
    if (response.status !== 200 || !response.body) throw errorFrom(response, 'report the invoice status');
    return response.body;
  }

  /** MTN may take a moment to assign the paymentReference the payer dials. */
  async function invoiceWithPaymentReference(referenceId: string): Promise<InvoiceStatusBody | undefined> {
    let invoice: InvoiceStatusBody | undefined;
    for (const wait of PAYMENT_REFERENCE_WAITS_MS) {
      await sleep(wait);
      invoice = await getInvoice(referenceId);
      if (!invoice || invoice.paymentReference || invoice.status === 'FAILED') return invoice;
    }
    return invoice;
  }

  function instructionsFor(invoice: InvoiceStatusBody, checkout: CheckoutRecord): Instruction[] {
    if (!invoice.paymentReference) return [];
    const code = options.ussdTemplate.replace('{ref}', invoice.paymentReference);
    return [
      { kind: 'ussd', code },
      { kind: 'qr', payload: code, expiresAt: checkout.expiresAt },
    ];
  }

  async function createInvoice({ checkout, referenceId, callbackUrl }: CreatePaymentInput) {
    const validitySeconds = Math.max(1, Math.round((Date.parse(checkout.expiresAt) - Date.now()) / 1_000));
    const payerMsisdn = checkout.payer?.phone?.replace(/^\+/, '');
    const body: CreateInvoiceBody = {
      externalId: checkout.reference,
      amount: checkout.amount,
      currency: checkout.currency,
      validityDuration: String(validitySeconds),
      ...(payerMsisdn ? { intendedPayer: { partyIdType: 'MSISDN', partyId: payerMsisdn } } : {}),
      payee: { partyIdType: 'MSISDN', partyId: options.payeeMsisdn },
      description: checkout.description ?? checkout.reference,
    };
    try {
      const response = await client.collection('POST', '/collection/v2_0/invoice', { 'X-Reference-Id': referenceId, 'X-Callback-Url': callbackUrl }, body);
      // 409: this reference id already made an invoice (a retry after a lost answer) — it is ours.
      if (response.status !== 202 && response.status !== 409) throw errorFrom(response, 'create the invoice');
    } catch (err) {
      if (!(err instanceof ProviderError) || err.kind === 'rejected') throw err;
      // The answer was lost or MTN failed: ask whether the invoice exists before anything else.
      if (!(await getInvoice(referenceId).catch(() => undefined))) throw err;
    }
  }

  return {
    id: 'mtn-momo',
    methods: { invoice: { currencies: options.currencies } },
    operationFor: () => 'collection.invoice.create',

    async create(input) {
      await createInvoice(input);
      const invoice = await invoiceWithPaymentReference(input.referenceId);
      if (!invoice) throw new ProviderError('unavailable', 'INVOICE_NOT_FOUND', 'MTN MoMo accepted the invoice but does not report it.');
      const status: ProviderStatus = mapInvoiceStatus(invoice);
      return { providerReference: input.referenceId, instructions: instructionsFor(invoice, input.checkout), status };
    },

    async fetchStatus(checkout) {
      if (!checkout.providerReference) return undefined;
      const invoice = await getInvoice(checkout.providerReference);
      return invoice && mapInvoiceStatus(invoice);
    },

    callbackReference({ rawBody, query }: CallbackRequest) {
      let json: unknown;
      try {
        json = rawBody ? JSON.parse(rawBody) : {};
      } catch {
        throw new ProviderError('rejected', 'MALFORMED_CALLBACK', 'The callback body is not JSON.');
      }
      const parsed = CallbackBody.safeParse(json);
      const reference = (parsed.success ? parsed.data.referenceId : undefined) ?? query.get('ref') ?? undefined;
      if (!reference) throw new ProviderError('rejected', 'MALFORMED_CALLBACK', 'The callback names no referenceId.');
      return reference;
    },

    async cancel(checkout, referenceId) {
      if (!checkout.providerReference) return;
      const response = await client.collection('DELETE', `/collection/v2_0/invoice/${encodeURIComponent(checkout.providerReference)}`,
        { 'X-Reference-Id': referenceId }, { externalId: checkout.reference });
      if (response.status >= 300) throw errorFrom(response, 'cancel the invoice');
    },

    sandbox: options.sandbox
      ? {
          async act(checkout, action) {
            if (!checkout.providerReference) throw new ProviderError('rejected', 'NO_INVOICE', 'This checkout has no invoice at MTN.');
            const response = await client.control(`/invoices/${encodeURIComponent(checkout.providerReference)}/${action}`);
            if (response.status >= 300) throw errorFrom(response, `${action} the invoice`);
          },
        }
      : undefined,
  };
}

import type { Instruction } from '../../../contract';
import type { CheckoutRecord } from '../../store/types';
import { ProviderError, type CreatedPayment, type CreatePaymentInput } from '../types';
import { errorFrom } from './client';
import { sleep, type CallPriority } from '../../rate-limiter';
import { mtnAmountsFor, type MtnMethod, type MtnMethodDeps } from './method';
import { mapInvoiceStatus } from './status';
import type { CreateInvoiceBody, InvoiceStatusBody } from './wire';

/**
 * The longest validityDuration we ask of MTN: its invoices are paid "within the invoice validity
 * period", now or later (seed 000). MTN publishes no maximum; a published Postman collection of its
 * API has an invoice valid "30 days" (our choice: that, no more).
 */
export const INVOICE_MAX_VALIDITY_SECONDS = 30 * 24 * 3600;

/** Waits between asks for the paymentReference, should MTN not have assigned it yet (~2 s in all). */
const PAYMENT_REFERENCE_WAITS_MS = [0, 250, 500, 1_000];
/** MTN's wallet app, whose scanner reads the invoice QR. */
const MTN_APP = 'MTN MoMo';

/** The Invoice API (Collection v2_0, seed 000): the payer dials a USSD string or scans its QR. */
export function invoiceMethod({ client, options, statusSlot }: MtnMethodDeps): MtnMethod {
  /** The invoice as MTN has it, asked at once: part of the call that needs it. */
  async function fetchInvoice(referenceId: string): Promise<InvoiceStatusBody | undefined> {
    const response = await client.collection<InvoiceStatusBody>('GET', `/collection/v2_0/invoice/${encodeURIComponent(referenceId)}`);
    if (response.status === 404) return undefined;
    if (response.status !== 200 || !response.body) throw errorFrom(response, 'report the invoice status');
    return response.body;
  }

  /** A status call: waits its slot under MTN's limit. */
  async function getInvoice(referenceId: string, priority: CallPriority = 'routine'): Promise<InvoiceStatusBody | undefined> {
    await statusSlot(priority);
    return fetchInvoice(referenceId);
  }

  /**
   * MTN may take a moment to assign the paymentReference the payer dials. Asking for it is part
   * of creating the invoice, not a status call: a create never waits behind the reconciler's polls.
   */
  async function invoiceWithPaymentReference(referenceId: string): Promise<InvoiceStatusBody | undefined> {
    let invoice: InvoiceStatusBody | undefined;
    for (const wait of PAYMENT_REFERENCE_WAITS_MS) {
      await sleep(wait);
      invoice = await fetchInvoice(referenceId);
      if (!invoice || invoice.paymentReference || invoice.status === 'FAILED') return invoice;
    }
    return invoice;
  }

  function instructionsFor(invoice: InvoiceStatusBody, checkout: CheckoutRecord): Instruction[] {
    if (!invoice.paymentReference) return [];
    const code = options.ussdTemplate.replace('{ref}', invoice.paymentReference);
    return [
      { kind: 'ussd', code },
      // The USSD string itself, as MTN documents its invoice QR: the MoMo app reads it; a camera would only show the text.
      { kind: 'qr', payload: code, expiresAt: checkout.expiresAt, scanWith: 'app', appName: MTN_APP },
    ];
  }

  /** What a create answers once MTN holds the invoice: the checkout's instructions come from it. */
  function createdFrom(invoice: InvoiceStatusBody, { checkout, referenceId }: CreatePaymentInput): CreatedPayment {
    return { providerReference: referenceId, instructions: instructionsFor(invoice, checkout), status: mapInvoiceStatus(invoice) };
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
      // The answer was lost or MTN failed: ask whether the invoice exists before anything else (part of this create).
      if (!(await fetchInvoice(referenceId).catch(() => undefined))) throw err;
    }
  }

  return {
    capabilities: { currencies: options.currencies, amount: mtnAmountsFor(options.targetEnvironment), maxExpiresInSeconds: INVOICE_MAX_VALIDITY_SECONDS },
    operation: 'collection.invoice.create',
    controlPath: '/invoices',

    async create(input) {
      await createInvoice(input);
      const invoice = await invoiceWithPaymentReference(input.referenceId);
      if (!invoice) throw new ProviderError('unavailable', 'INVOICE_NOT_FOUND', 'MTN MoMo accepted the invoice but does not report it.');
      return createdFrom(invoice, input);
    },

    /** MTN knows the invoice by our X-Reference-Id: found, it answers as its create would have. */
    async findLostCreate(input) {
      const invoice = await invoiceWithPaymentReference(input.referenceId);
      return invoice ? { state: 'made', created: createdFrom(invoice, input) } : { state: 'none' };
    },

    async status(referenceId, priority) {
      const invoice = await getInvoice(referenceId, priority);
      return invoice && mapInvoiceStatus(invoice);
    },

    async cancel(checkout, referenceId) {
      if (!checkout.providerReference) return;
      const response = await client.collection(
        'DELETE',
        `/collection/v2_0/invoice/${encodeURIComponent(checkout.providerReference)}`,
        { 'X-Reference-Id': referenceId },
        { externalId: checkout.reference },
      );
      if (response.status >= 300) throw errorFrom(response, 'cancel the invoice');
    },
  };
}

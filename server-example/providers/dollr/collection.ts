import type { PushFee, PushInstruction } from '../../../contract';
import type { CheckoutRecord } from '../../store/types';
import { FeeChangedError, ProviderError, type CreatedPayment, type CreatePaymentInput, type EndedPushOutcome, type PayInput, type ProviderStatus } from '../types';
import { JsonNumber } from '../http';
import { noteProviderReference } from '../recorded-call';
import { errorFrom, type DollrClient } from './client';
import { executeOnce, executionStatus } from './executions';
import { marketOfCurrency, marketOfPhone, ANY_MARKET_PHONE } from './phones';
import { notSent, type PayerDirectory } from './payers';
import { detectWallet, feeForPayer, type Wallet } from './predictions';
import { executionProof, mapExecution } from './status';
import type { FeeBearer, InvoiceBody, LinkBody, ReceiptBody, SessionBody } from './wire';

export interface CollectionDeps {
  client: DollrClient;
  payers: PayerDirectory;
  /** Who pays Dollr's fees: PAYER (on top of the invoice, shown to the payer) or PAYEE. */
  feeBearer: FeeBearer;
}

/** A Dollr invoice note is free text; kept short (our choice). */
const MAX_NOTE_LENGTH = 200;

/**
 * What identifies a collection at Dollr: the execution's reference_id (our stored reference
 * id) and the invoice it pays, written `{reference_id}:{invoice_id}` so the receipt can be
 * found after a restart. A bare reference_id (a lost answer) is valid too.
 */
export function parseReference(providerReference: string): { referenceId: string; invoiceId?: number } {
  const [referenceId = '', invoice] = providerReference.split(':');
  const invoiceId = invoice && /^\d+$/.test(invoice) ? Number(invoice) : undefined;
  return invoiceId === undefined ? { referenceId } : { referenceId, invoiceId };
}

/** The providerReference of a collection whose invoice is known (the form parseReference reads). */
export const formatReference = (referenceId: string, invoiceId: number): string => `${referenceId}:${invoiceId}`;

/** The fee on the checkout's push instruction, if any: what a page that says nothing showed. */
function instructionFee(checkout: CheckoutRecord): string | undefined {
  const push = checkout.instructions.find((instruction) => instruction.kind === 'push');
  return push?.kind === 'push' ? push.fee?.amount : undefined;
}

/** The receipt names the execution that paid the invoice (ours, or one the payer made at Dollr after our push ended). */
type PaidByBody = ReceiptBody & { reference_id?: string | null };

/** `GET /v1/status/source`: where the invoice (the document) stands. */
interface SourceStatusBody {
  status?: string;
}

/** A paid invoice's receipt as the checkout keeps it: its page, and when Dollr says it was paid. */
interface Receipt {
  url: string;
  paidAt?: string;
}

/** What the payer is told before approving: whose wallet, and Dollr's fee when the payer bears it. */
interface Preview {
  /** Operator names, for the element to phrase: the market's, or the one Dollr detected for the number. */
  operators: string[];
  fee?: PushFee;
}

/** The fee a preview shows, as the checkout keeps it: per wallet method (operator). */
const feeShownIn = (method: string, preview: Preview | undefined): Record<string, string> => (preview?.fee ? { [method]: preview.fee.amount } : {});

/**
 * Dollr collection, document-first (seed 001): the payer gives a phone; `pay` detects its
 * operator, files the payer (party + counterparty, once), issues and publishes an invoice with
 * the checkout's items, opens a checkout session, registers the wallet (once) and executes the
 * collection with the stored reference id. Dollr sends no callbacks: status comes from polling.
 */
export function collectionMethod({ client, payers, feeBearer }: CollectionDeps) {
  /** Invoice of each execution this process started (the lost-answer case has no invoice in the reference). */
  const invoiceOf = new Map<string, number>();

  /**
   * The payer agrees to the fee shown for the number they send: the one on the page, or any the
   * page showed them for this number's operator on this checkout (they saw it, and sent a number
   * of that operator): a correction back to it is never refused again.
   */
  const agreed = (checkout: CheckoutRecord, method: string, fee: string, onPage: string | undefined): boolean => fee === onPage || checkout.shownFees?.[method] === fee;
  const receipts = new Map<number, Receipt>();

  const instruction = (currency: string, needsPhone: boolean, preview: Preview | undefined): PushInstruction => {
    const market = marketOfCurrency(currency);
    return {
      kind: 'push',
      needsPhone,
      phonePattern: (market?.pattern ?? ANY_MARKET_PHONE).source,
      ...(market ? { phoneExample: market.example } : {}),
      ...preview,
    };
  };

  /** The operator and, when Dollr can say, the fee; without the fee the payer still sees where to pay. */
  async function previewOf(checkout: CheckoutRecord, operators: readonly string[], wallet: Pick<Wallet, 'method' | 'provider'>): Promise<Preview> {
    const fee = await feeForPayer(client, { amount: checkout.amount, currency: checkout.currency, ...wallet, feeBearer, operation: 'COLLECTION' }).catch(() => undefined);
    return fee ? { operators: [...operators], fee } : { operators: [...operators] };
  }

  /** Before the phone: the market's wallets and the fee of its main one (or the payer's, if the merchant gave the phone), with whose it is. */
  async function previewBeforePhone(checkout: CheckoutRecord): Promise<{ preview: Preview; method: string } | undefined> {
    const market = marketOfCurrency(checkout.currency);
    if (!market) return undefined;
    const phone = checkout.payer?.phone?.replace(/\D/g, '');
    if (phone && market.pattern.test(phone)) {
      const wallet = await detectWallet(client, phone, 'COLLECTION').catch(() => undefined);
      if (wallet) return { preview: await previewOf(checkout, [wallet.carrier], wallet), method: wallet.method };
    }
    return { preview: await previewOf(checkout, market.operators, { method: market.defaultMethod, provider: 'PAWAPAY' }), method: market.defaultMethod };
  }

  async function cancelInvoice(invoiceId: number): Promise<void> {
    const response = await client.call<InvoiceBody>('DELETE', `/v1/invoices/cancel/${invoiceId}`);
    if (response.status !== 200) throw errorFrom(response, 'cancel the invoice');
  }

  /**
   * A push that ended unpaid (nobody approved it) leaves its invoice payable at Dollr (ACTIVE again):
   * withdrawn as soon as the push ends, so that no second invoice is ever payable beside the next
   * push's. Dollr refuses while someone pays it (PROCESSING) or once paid: the invoice's own status
   * says which, and a paid one brings the word of the execution that paid it.
   */
  async function withdrawEnded(checkout: CheckoutRecord, endedReference: string): Promise<EndedPushOutcome> {
    const { referenceId, invoiceId = invoiceOf.get(referenceId) } = parseReference(endedReference);
    // A push whose invoice we never learnt (its answer was lost before the invoice was noted) left none we can name.
    if (invoiceId === undefined) return { state: 'withdrawn' };
    try {
      await cancelInvoice(invoiceId);
      return { state: 'withdrawn' };
    } catch {
      const source = await client.call<SourceStatusBody>('GET', `/v1/status/source?${new URLSearchParams({ source_type: 'INVOICE', source_id: String(invoiceId) })}`);
      if (source.status !== 200) return { state: 'open' };
      if (source.body?.status === 'CANCELED') return { state: 'withdrawn' };
      if (source.body?.status !== 'PAID') return { state: 'open' };
      return { state: 'paid', status: await paidInvoice(checkout, invoiceId) };
    }
  }

  /** The word on an invoice paid after its push ended: the paying execution's, else (its receipt not ready) the invoice's. */
  async function paidInvoice(checkout: CheckoutRecord, invoiceId: number): Promise<ProviderStatus> {
    const receipt = await client.call<PaidByBody>('GET', `/v1/invoices/receipt/${invoiceId}`).catch(() => undefined);
    const payer = receipt?.status === 200 ? receipt.body?.reference_id : undefined;
    const word = payer ? await status({ ...checkout, providerReference: formatReference(payer, invoiceId) }).catch(() => undefined) : undefined;
    return word?.status === 'paid' ? word : { status: 'paid', raw: 'INVOICE:PAID' };
  }

  /** The invoice, its items and its publication: the document the payer pays. */
  async function issueInvoice(checkout: CheckoutRecord, counterpartyId: number): Promise<number> {
    const created = await client.call<InvoiceBody>('POST', '/v1/invoices/create', {
      counterparty_id: counterpartyId,
      currency: checkout.currency,
      note: (checkout.description ?? checkout.reference).slice(0, MAX_NOTE_LENGTH),
      fee_bearer: feeBearer,
      as_payment_link: false,
      reference_id: checkout.reference,
      due_date: checkout.expiresAt,
    });
    if (created.status !== 200 || typeof created.body?.id !== 'number') throw errorFrom(created, 'create the invoice');
    const invoiceId = created.body.id;
    try {
      const items = checkout.items?.length
        ? checkout.items.map((item) => ({ name: item.name, qty: item.quantity, amount: new JsonNumber(item.unitAmount) }))
        : [{ name: (checkout.description ?? checkout.reference).slice(0, MAX_NOTE_LENGTH), qty: 1, amount: new JsonNumber(checkout.amount) }];
      for (const item of items) {
        const added = await client.call('POST', `/v1/invoices/${invoiceId}/items/add`, { ...item, currency: checkout.currency });
        if (added.status !== 200) throw errorFrom(added, 'add an invoice item');
      }
      const published = await client.call<InvoiceBody>('PUT', `/v1/invoices/publish/${invoiceId}`);
      if (published.status !== 200) throw errorFrom(published, 'publish the invoice');
      return invoiceId;
    } catch (err) {
      await cancelInvoice(invoiceId).catch(() => undefined);
      throw err;
    }
  }

  /**
   * The receipt of a PAID invoice: it names the invoice and when it was paid; the link API gives
   * its page. Undefined while Dollr has it not ready.
   */
  async function receiptOf(invoiceId: number): Promise<Receipt | undefined> {
    const known = receipts.get(invoiceId);
    if (known) return known;
    const receipt = await client.call<ReceiptBody>('GET', `/v1/invoices/receipt/${invoiceId}`);
    const number = receipt.body?.source_number ?? receipt.body?.invoice_number;
    if (receipt.status !== 200 || !number) return undefined;
    const link = await client.call<LinkBody>('GET', `/v1/links/receipt?${new URLSearchParams({ source_type: 'INVOICE', source_number: number })}`);
    if (link.status !== 200 || typeof link.body?.url !== 'string') return undefined;
    const paidAt = typeof receipt.body?.paid_at === 'string' ? receipt.body.paid_at : undefined;
    const found = { url: link.body.url, ...(paidAt ? { paidAt } : {}) };
    receipts.set(invoiceId, found);
    return found;
  }

  return {
    async create({ checkout }: CreatePaymentInput): Promise<CreatedPayment> {
      // The fee preview is optional (seed 001, step 7): without it the payer still sees where to pay.
      const shown = await previewBeforePhone(checkout).catch(() => undefined);
      return {
        instructions: [instruction(checkout.currency, true, shown?.preview)],
        status: { status: 'pending', raw: 'AWAITING_PHONE' },
        ...(shown ? { shownFees: feeShownIn(shown.method, shown.preview) } : {}),
      };
    },

    async pay({ checkout, phone, referenceId, shownFee = instructionFee(checkout) }: PayInput): Promise<CreatedPayment> {
      const market = marketOfPhone(phone);
      if (!market) throw new ProviderError('rejected', 'UNSUPPORTED_PHONE', 'Dollr reaches wallets in Liberia (231…) and Rwanda (250…) only.');
      let invoiceId: number | undefined;
      let wallet: Wallet;
      let preview: Preview;
      let sessionId: number;
      let accountId: number;
      try {
        wallet = await detectWallet(client, phone, 'COLLECTION');
        if (!wallet.currencies.includes(checkout.currency)) {
          throw new ProviderError(
            'rejected',
            'CURRENCY_NOT_SUPPORTED',
            `A ${wallet.carrier} wallet at this number takes ${wallet.currencies.join(', ') || 'other currencies'}, not ${checkout.currency}.`,
          );
        }
        preview = await previewOf(checkout, [wallet.carrier], wallet);
        // Before the phone the fee shown was the market's main wallet's: another operator's may differ,
        // and the payer approves only what they saw. Nothing is sent; the page shows this fee, and
        // sending again with it shown agrees to it.
        const { fee } = preview;
        // A fee was shown but this number's cannot be worked out now: send nothing rather than charge an unseen one.
        if (!fee && shownFee) throw new ProviderError('unavailable', 'FEE_UNKNOWN', "Dollr could not say this number's fee.");
        if (fee && !agreed(checkout, wallet.method, fee.amount, shownFee)) {
          const message = `The fee for this ${wallet.carrier} number is ${fee.amount} ${fee.currency}, so you pay ${fee.payerAmount} ${fee.currency} in total. Send again to pay that.`;
          throw new FeeChangedError(message, [instruction(checkout.currency, true, preview)], feeShownIn(wallet.method, preview));
        }
        const details = { phone, country: market.country, name: checkout.payer?.name, email: checkout.payer?.email, relationship: 'CUSTOMER' as const };
        const payer = await payers.payer(details);
        invoiceId = await issueInvoice(checkout, payer.counterpartyId);
        const session = await client.call<SessionBody>('POST', '/v1/sessions/checkout', { source_id: invoiceId, source_type: 'INVOICE' });
        if (session.status !== 200 || typeof session.body?.id !== 'number') throw errorFrom(session, 'open the checkout session');
        sessionId = session.body.id;
        accountId = await payers.account(payer, details, wallet, 'COLLECTION');
        // Stored before the execution: should the process die before its answer, the receipt is
        // still found after a restart (the invoice is known by nothing else we hold).
        await noteProviderReference(formatReference(referenceId, invoiceId));
      } catch (err) {
        if (invoiceId !== undefined) await cancelInvoice(invoiceId).catch(() => undefined);
        throw notSent(err);
      }

      invoiceOf.set(referenceId, invoiceId);
      let execution: Awaited<ReturnType<typeof executeOnce>>;
      try {
        execution = await executeOnce(client, 'collection', {
          session_id: String(sessionId),
          payment_account_id: String(accountId),
          currency: checkout.currency,
          reference_id: referenceId,
        });
      } catch (err) {
        // Refused: nothing moved, so the invoice is withdrawn and the payer may try again.
        if (err instanceof ProviderError && err.kind === 'rejected') await cancelInvoice(invoiceId).catch(() => undefined);
        throw err;
      }
      return {
        providerReference: formatReference(referenceId, invoiceId),
        instructions: [instruction(checkout.currency, false, preview)],
        shownFees: feeShownIn(wallet.method, preview),
        // What the payer is charged is known from here on (the execution's payer_amount).
        status: { ...mapExecution(execution), ...executionProof(execution, checkout) },
      };
    },

    status,
    withdrawEnded,

    /** Withdraws the invoice while it is payable (IDLE or ACTIVE); Dollr refuses while PROCESSING. */
    async cancel(checkout: CheckoutRecord): Promise<void> {
      // No phone yet: nothing exists at Dollr.
      if (!checkout.providerReference) return;
      const { referenceId, invoiceId = invoiceOf.get(referenceId) } = parseReference(checkout.providerReference);
      if (invoiceId === undefined) throw new ProviderError('rejected', 'CANCEL_UNSUPPORTED', 'The Dollr invoice of this payment is not known; it cannot be withdrawn.');
      await cancelInvoice(invoiceId);
    },
  };

  /** The word on one collection: its execution's status, and its invoice's receipt once paid. */
  async function status(checkout: CheckoutRecord & { providerReference: string }): Promise<ProviderStatus | undefined> {
    const { referenceId, invoiceId = invoiceOf.get(referenceId) } = parseReference(checkout.providerReference);
    const execution = await executionStatus(client, 'collection', referenceId);
    if (!execution) return undefined;
    const word = mapExecution(execution);
    if (word.status !== 'paid' || invoiceId === undefined) return { ...word, ...executionProof(execution, checkout) };
    // A paid payment is reported even when its receipt cannot be fetched yet: the reconciler asks again (receiptMayFollow).
    const receipt = await receiptOf(invoiceId).catch(() => undefined);
    return { ...word, ...executionProof(execution, checkout, receipt?.paidAt), ...(receipt ? { receiptUrl: receipt.url } : {}) };
  }
}

export type CollectionMethod = ReturnType<typeof collectionMethod>;

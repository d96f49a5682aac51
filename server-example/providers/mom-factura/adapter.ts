import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Instruction } from '../../../contract';
import type { CheckoutRecord } from '../../store/types';
import { parseCallbackJson } from '../callbacks';
import { ProviderError, type CallbackRequest, type CreatedPayment, type PayInput, type PhoneRule, type ProviderAdapter, type ProviderStatus } from '../types';
import { createMemoryCallSlots, type CallPriority, type CallSlots } from '../../rate-limiter';
import { DOUBLE_EXACT_AMOUNTS } from '../../money';
import { JsonNumber } from '../http';
import { createMomFacturaClient, errorFrom, type MomFacturaClientOptions } from './client';
import { endOfDueDate } from './due-date';
import { mapMomFacturaStatus, mcxFailureCode } from './status';
import {
  REQUEST_ERROR_CODES,
  type EkwanzaCreatedBody,
  type EkwanzaStatusBody,
  type ErrorBody,
  type McxSuccessBody,
  type PaymentBody,
  type Product,
  type ReferenceCreatedBody,
  type ReferenceStatusBody,
} from './wire';

export interface MomFacturaOptions extends MomFacturaClientOptions {
  /** True while baseUrl is our sandbox: enables acting as the payer and setting the webhook URL. */
  sandbox: boolean;
  /** How long to wait for an MCX answer, which comes when the payer acts on the push. Default 120 s. */
  mcxTimeoutMs?: number;
  /** Status calls a minute at most. Default 80: of Mom Factura's 100 requests a minute, 20 stay for payment requests. */
  statusCallsPerMinute?: number;
  /** How often a bank reference may be polled. Default 30 s, Mom Factura's minimum. */
  referencePollIntervalMs?: number;
  /** How many days after issue Mom Factura makes a bank reference due (REFERENCE_DUE_DAYS by default). */
  referenceDueDays?: number;
  /** Where the status-call limit is kept (shared by every instance); default: this adapter's memory. */
  callSlots?: CallSlots;
}

/**
 * Angolan numbers as Mom Factura takes them: 244 and nine digits. Payers write them "923 000 000"
 * (Angola has no trunk prefix) or "+244 923 000 000"; the backend reads both (server-example/phones).
 */
const PHONE: PhoneRule = { pattern: /^244\d{9}$/, example: '244923000000' };
/** The wallet the push goes to, named for the element to phrase. */
const PUSH: Instruction = { kind: 'push', needsPhone: true, phonePattern: PHONE.pattern.source, phoneExample: PHONE.example, operators: ['Multicaixa Express'] };
/**
 * How long Multicaixa Express gives the payer to authorise a push: 90 s (as payment gateways
 * for it document). Mom Factura answers the call once it has ended, so that is also how long a
 * push stays live here (the sandbox holds it as long).
 */
export const MCX_PUSH_LIVE_MS = 90_000;
/** A little longer than the gateway keeps a push open. */
const MCX_TIMEOUT_MS = 120_000;
/** An E-kwanza code or a bank reference still "pending" this long after its last payable moment can no longer be paid. */
const LAPSE_GRACE_MS = 60_000;
const AOA = ['AOA'] as const;
/**
 * Mom Factura documents no minimum or maximum (only INVALID_AMOUNT) and takes Kwanzas as a JSON
 * number: bounded by what such a number holds to the cêntimo.
 */
const AMOUNTS = DOUBLE_EXACT_AMOUNTS;
/** Mom Factura allows 100 requests a minute per key, 20 of them payment requests: polls leave those 20 free. */
const STATUS_CALLS_PER_MINUTE = 80;
/**
 * Mom Factura fixes a bank reference's due date itself and does not publish how far off it is;
 * our sandbox makes it three days after issue (`MOM_FACTURA_REFERENCE_DUE_DAYS` for an account
 * that gets another). A checkout asking to stay payable longer than that is refused: the
 * reference would lapse first.
 */
const REFERENCE_DUE_DAYS = 3;
/** Mom Factura's polling minimum: a reference every 30 s (docs/providers.md, "Mom Factura"). */
const REFERENCE_POLL_INTERVAL_MS = 30_000;

/** Mom Factura counts requests per API key: the limit's key, hashed (the key is a secret). */
export const statusLimitKey = (apiKey: string) => `mom-factura:status:${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`;

const WebhookBody = z.object({ merchantTransactionId: z.union([z.string().min(1), z.number()]) }).loose();

const digits = (phone: string | undefined) => phone?.replace(/\D/g, '') || undefined;

/** Angola's IVA rates run from 0 to 14 %; Mom Factura refuses an item above that. */
const MAX_IVA = 14;

/** The checkout as Mom Factura's body: Kwanzas as JSON numbers (exact digits), items as products (IVA from taxRate), payer as customer. */
function paymentBody(checkout: CheckoutRecord, extra: Pick<PaymentBody, 'instantWithdraw'> & { phoneNumber?: string }): PaymentBody {
  const products: Product[] | undefined = checkout.items?.map((item, index) => ({
    id: String(index + 1),
    productName: item.name,
    productPrice: new JsonNumber(item.unitAmount),
    productQuantity: item.quantity,
    ...(item.taxRate === undefined ? {} : { iva: item.taxRate }),
  }));
  const payer = checkout.payer;
  const customer =
    payer?.name || payer?.taxId ? { name: payer.name ?? 'Consumidor final', ...(payer.taxId ? { nif: payer.taxId } : {}), ...(digits(payer.phone) ? { phone: digits(payer.phone) } : {}) } : undefined;
  return {
    paymentInfo: { amount: new JsonNumber(checkout.amount), ...(extra.phoneNumber ? { phoneNumber: extra.phoneNumber } : {}) },
    ...(products ? { products } : {}),
    ...(customer ? { customer } : {}),
    ...(extra.instantWithdraw ? { instantWithdraw: true } : {}),
  };
}

/** Mom Factura (Angola): Multicaixa Express push, E-kwanza QR/code, bank reference. */
export function createMomFacturaAdapter(options: MomFacturaOptions): ProviderAdapter {
  const client = createMomFacturaClient(options);
  // Status polls wait their turn, so that they never use up the requests payments need.
  const callSlots = options.callSlots ?? createMemoryCallSlots();
  const statusSlot = callSlots(statusLimitKey(options.apiKey), options.statusCallsPerMinute ?? STATUS_CALLS_PER_MINUTE, 60_000);
  let webhookUrl: string | undefined;

  /** Sandbox only: what a merchant does once in the dashboard ("Desenvolvedores" → webhook URL). */
  async function registerWebhook(url: string) {
    if (!options.sandbox || webhookUrl === url) return;
    const response = await client.control('PUT', '/webhooks', { apiKey: options.apiKey, url });
    if (response.status !== 200) throw errorFrom(response, 'set the webhook URL');
    webhookUrl = url;
  }

  async function createEkwanza(checkout: CheckoutRecord): Promise<CreatedPayment> {
    // E-kwanza needs the payer's phone up front: it comes from the merchant (payer.phone).
    const body = paymentBody(checkout, { phoneNumber: digits(checkout.payer?.phone) });
    const response = await client.send<EkwanzaCreatedBody | ErrorBody>('POST', '/api/payment/ekwanza', { body });
    const created = response.body;
    if (response.status !== 200 || !created?.success || !created.code) throw errorFrom(response, 'create the E-kwanza payment');
    const expiresAt = created.expirationDate;
    return {
      providerReference: created.code,
      instructions: [
        // E-kwanza's own code, for its app to scan.
        { kind: 'qr', image: created.qrCode, expiresAt, scanWith: 'app', appName: 'E-kwanza' },
        { kind: 'code', code: created.code, expiresAt },
      ],
      status: mapMomFacturaStatus('pending'),
      // The code is payable until then (paymentTimeout, 180 s): the checkout ends with it.
      ...(Number.isNaN(Date.parse(expiresAt)) ? {} : { expiresAt: new Date(expiresAt) }),
    };
  }

  async function createReference(checkout: CheckoutRecord): Promise<CreatedPayment> {
    const body = paymentBody(checkout, { instantWithdraw: true });
    const response = await client.send<ReferenceCreatedBody | ErrorBody>('POST', '/api/payment/reference', { body });
    const created = response.body;
    if (response.status !== 200 || !created?.success || !created.operationId) throw errorFrom(response, 'create the bank reference');
    return {
      providerReference: created.operationId,
      instructions: [{ kind: 'bank-reference', entity: created.entity, reference: created.referenceNumber, amount: checkout.amount, dueDate: created.dueDate }],
      status: mapMomFacturaStatus('pending'),
      // Payable at the bank until its due date is over, whatever the checkout asked for.
      expiresAt: endOfDueDate(created.dueDate),
    };
  }

  /** MCX answers once the payer accepted or refused the push: the answer is the outcome. */
  async function payMcx({ checkout, phone }: PayInput): Promise<CreatedPayment> {
    const response = await client.send<McxSuccessBody | ErrorBody>('POST', '/api/payment/mcx', {
      body: paymentBody(checkout, { phoneNumber: phone, instantWithdraw: true }),
      // Sandbox only: names the checkout so its payer can find the push before it answers.
      headers: options.sandbox ? { 'x-sandbox-checkout': checkout.id } : {},
      timeoutMs: options.mcxTimeoutMs ?? MCX_TIMEOUT_MS,
    });
    const body = response.body;
    if (response.status === 200 && body?.success) {
      return { providerReference: body.transactionId, instructions: [PUSH], status: mapMomFacturaStatus('mcx:SUCCESS', body.invoiceUrl, body.transactionId) };
    }
    // A payer outcome comes as a JSON failure; a request error, a rate limit, INTERNAL_ERROR or a proxy's page does not.
    const code = body && body.success === false ? body.code : undefined;
    const payerOutcome = body?.success === false && !REQUEST_ERROR_CODES.has(code ?? '') && code !== 'INTERNAL_ERROR' && response.status !== 429 && (response.status < 500 || response.status === 504);
    if (!payerOutcome) throw errorFrom(response, 'send the Multicaixa Express payment');
    return { instructions: [PUSH], status: mapMomFacturaStatus(`mcx:${mcxFailureCode(response.status, code)}`) };
  }

  async function ekwanzaStatus(checkout: CheckoutRecord, code: string, priority: CallPriority): Promise<ProviderStatus | undefined> {
    await statusSlot(priority);
    const response = await client.send<EkwanzaStatusBody>('GET', `/api/payment/ekwanza/status/${encodeURIComponent(code)}`);
    if (response.status === 404) return undefined;
    if (response.status !== 200 || !response.body?.success) throw errorFrom(response, 'report the E-kwanza status');
    const word = response.body.status ?? 'pending';
    const expiresAt = checkout.instructions.find((instruction) => instruction.kind === 'code')?.expiresAt;
    const lapsed = word === 'pending' && expiresAt !== undefined && Date.now() > Date.parse(expiresAt) + LAPSE_GRACE_MS;
    // The E-kwanza operation that paid it: its status names it (operationCode).
    return mapMomFacturaStatus(lapsed ? 'lapsed' : word, response.body.invoiceUrl, response.body.operationCode);
  }

  async function referenceStatus(checkout: CheckoutRecord, operationId: string, priority: CallPriority): Promise<ProviderStatus | undefined> {
    await statusSlot(priority);
    const response = await client.send<ReferenceStatusBody>('GET', `/api/payment/reference/status/${encodeURIComponent(operationId)}`);
    if (response.status === 404) return undefined;
    if (response.status !== 200 || !response.body?.success) throw errorFrom(response, 'report the reference status');
    const word = response.body.payment?.status ?? 'pending';
    const slip = checkout.instructions.find((instruction) => instruction.kind === 'bank-reference');
    const dueDateEnd = endOfDueDate(slip?.kind === 'bank-reference' ? slip.dueDate : undefined);
    const lapsed = word === 'pending' && dueDateEnd !== undefined && Date.now() > dueDateEnd.getTime() + LAPSE_GRACE_MS;
    // A reference's status names no transaction: Mom Factura's id of the operation is the proof (and its invoice).
    return mapMomFacturaStatus(lapsed ? 'lapsed' : word, response.body.invoiceUrl ?? undefined, operationId);
  }

  return {
    id: 'mom-factura',
    countries: { AOA: 'AO' },
    methods: {
      mcx: { currencies: AOA, amount: AMOUNTS, phone: PHONE, maxTaxRate: MAX_IVA, reportsStatus: false, push: { liveForMs: MCX_PUSH_LIVE_MS } },
      // E-kwanza sends its code to the payer's phone, so the merchant gives it up front.
      // The invoice (invoiceUrl) comes with a later webhook, once its PDF is made.
      ekwanza: { currencies: AOA, amount: AMOUNTS, payerPhone: PHONE, maxTaxRate: MAX_IVA, receiptMayFollow: true },
      reference: {
        currencies: AOA,
        amount: AMOUNTS,
        maxTaxRate: MAX_IVA,
        receiptMayFollow: true,
        minPollIntervalMs: options.referencePollIntervalMs ?? REFERENCE_POLL_INTERVAL_MS,
        // The due date is a day in Luanda, payable through its end: the whole days before it are sure.
        maxExpiresInSeconds: (options.referenceDueDays ?? REFERENCE_DUE_DAYS) * 86_400,
      },
    },
    operationFor: (method) => `payment.${method}`,

    async create({ checkout, callbackUrl }) {
      switch (checkout.method) {
        case 'mcx':
          // Nothing to send yet: the push needs the payer's phone (POST /v1/session/pay).
          return { instructions: [PUSH], status: { status: 'pending', raw: 'AWAITING_PHONE' } };
        case 'ekwanza':
          await registerWebhook(callbackUrl);
          return createEkwanza(checkout);
        case 'reference':
          await registerWebhook(callbackUrl);
          return createReference(checkout);
        default:
          throw new ProviderError('rejected', 'UNSUPPORTED_METHOD', `Mom Factura has no method "${checkout.method}".`);
      }
    },

    /**
     * Mom Factura gives an E-kwanza code or a bank reference its own id, and knows it by nothing of
     * ours: one a lost answer named can be neither found nor made again without a second payment.
     * An MCX create sends nothing (the push waits for the payer's phone).
     */
    async findLostCreate({ checkout }) {
      return checkout.method === 'ekwanza' || checkout.method === 'reference' ? { state: 'unknowable' } : { state: 'none' };
    },

    async pay(input) {
      if (input.checkout.method !== 'mcx') throw new ProviderError('rejected', 'PAY_NOT_SUPPORTED', `A ${input.checkout.method} payment is paid with the instructions shown.`);
      return payMcx(input);
    },

    async fetchStatus(checkout, priority = 'routine') {
      if (!checkout.providerReference) return undefined;
      switch (checkout.method) {
        case 'ekwanza':
          return ekwanzaStatus(checkout, checkout.providerReference, priority);
        case 'reference':
          return referenceStatus(checkout, checkout.providerReference, priority);
        default:
          // MCX has no status endpoint: its answer was the outcome, and a lost one cannot be asked again.
          return undefined;
      }
    },

    callbackReference({ rawBody }: CallbackRequest) {
      // Unsigned and never retried: it only says which payment to look at again.
      const parsed = WebhookBody.safeParse(parseCallbackJson(rawBody, 'webhook'));
      if (!parsed.success) throw new ProviderError('rejected', 'MALFORMED_CALLBACK', 'The webhook names no merchantTransactionId.');
      return String(parsed.data.merchantTransactionId);
    },

    sandbox: options.sandbox
      ? {
          async act(checkout, action) {
            // An MCX push has no id of ours until it answers: the sandbox knows it by the checkout.
            const id = checkout.method === 'mcx' ? checkout.id : checkout.providerReference;
            if (!id) throw new ProviderError('rejected', 'NO_PAYMENT', 'This checkout has no payment at Mom Factura.');
            const response = await client.control('POST', `/payments/${encodeURIComponent(id)}/${action}`);
            if (response.status >= 300) throw errorFrom(response, `${action} the payment`);
          },
        }
      : undefined,
  };
}

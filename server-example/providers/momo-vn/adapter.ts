import { randomUUID } from 'node:crypto';
import type { Instruction } from '../../../contract';
import type { CheckoutRecord } from '../../store/types';
import { parseCallbackJson } from '../callbacks';
import { ProviderError, type CallbackRequest, type CreatePaymentInput, type ProviderAdapter } from '../types';
import { JsonNumber } from '../http';
import { createMomoClient, errorFrom, type MomoPost } from './client';
import { hmacHex, rawSignature, SIGNED_FIELDS, signatureMatches, type SignedValues } from './signature';
import { mapQuery } from './status';
import type { CreateRequest, CreateResponse, QueryRequest, QueryResponse, WireItem } from './wire';
import { nationalDigits } from '../../phones/rules';

export interface MomoVnOptions {
  /** https://test-payment.momo.vn, https://payment.momo.vn, or our sandbox at …/sandbox/momo-vn */
  baseUrl: string;
  partnerCode: string;
  accessKey: string;
  secretKey: string;
  /** Where MoMo sends the payer's browser back after paying. */
  redirectUrl: string;
  /** True while baseUrl is our sandbox: enables acting as the payer. */
  sandbox: boolean;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Limits of the create call (seed 003). */
export const MAX_ITEMS = 50;
const MAX_ORDER_INFO_CHARS = 255;
const MAX_REFERENCE_ID_CHARS = 255;
const ORDER_ID_PATTERN = /^[0-9a-zA-Z]([-_.]*[0-9a-zA-Z]+)*$/;
const WHOLE_VND = /^[1-9]\d{0,14}$/;

/** MoMo's IPN fields that are signed, with their JSON type. */
const IPN_STRINGS = ['partnerCode', 'orderId', 'requestId', 'orderInfo', 'orderType', 'message', 'payType', 'extraData'] as const;
const IPN_NUMBERS = ['amount', 'transId', 'resultCode', 'responseTime'] as const;

const langOf = (checkout: CheckoutRecord): 'vi' | 'en' => (checkout.locale?.toLowerCase().startsWith('vi') ? 'vi' : 'en');
const truncate = (text: string, max: number) => [...text].slice(0, max).join('');

/** MoMo Vietnam AIO v2: captureWallet (app deeplink, QR, pay page), query, signed IPN. */
export function createMomoVnAdapter(options: MomoVnOptions): ProviderAdapter {
  const post: MomoPost = createMomoClient(options);
  const sign = (fields: readonly string[], values: SignedValues) => hmacHex(rawSignature(fields, { ...values, accessKey: options.accessKey }), options.secretKey);

  function items(checkout: CheckoutRecord): WireItem[] | undefined {
    if (!checkout.items?.length) return undefined;
    if (checkout.items.length > MAX_ITEMS) throw new ProviderError('rejected', 'TOO_MANY_ITEMS', `MoMo takes at most ${MAX_ITEMS} items.`);
    return checkout.items.map((item, index) => {
      if (!/^\d{1,15}$/.test(item.unitAmount)) throw new ProviderError('rejected', 'INVALID_ITEM', 'MoMo item prices are whole VND.');
      const totalPrice = (BigInt(item.unitAmount) * BigInt(item.quantity)).toString();
      return { id: String(index + 1), name: truncate(item.name, 255), price: new JsonNumber(item.unitAmount), currency: 'VND', quantity: item.quantity, totalPrice: new JsonNumber(totalPrice) };
    });
  }

  function createRequest({ checkout, referenceId, callbackUrl }: CreatePaymentInput): CreateRequest {
    if (checkout.currency !== 'VND') throw new ProviderError('rejected', 'UNSUPPORTED_CURRENCY', 'MoMo Vietnam takes VND only.');
    if (!WHOLE_VND.test(checkout.amount)) throw new ProviderError('rejected', 'INVALID_AMOUNT', 'MoMo amounts are whole VND.');
    // The checkout id is the orderId: unique, stable across retries, and it names the payment in IPNs.
    if (!ORDER_ID_PATTERN.test(checkout.id)) throw new ProviderError('rejected', 'INVALID_ORDER_ID', 'The checkout id is not a valid MoMo orderId.');
    const payer = checkout.payer;
    const userInfo =
      payer && (payer.name || payer.phone || payer.email)
        ? { ...(payer.name ? { name: payer.name } : {}), ...(payer.phone ? { phoneNumber: nationalDigits(payer.phone) } : {}), ...(payer.email ? { email: payer.email } : {}) }
        : undefined;
    const unsigned = {
      partnerCode: options.partnerCode,
      requestId: referenceId,
      amount: new JsonNumber(checkout.amount),
      orderId: checkout.id,
      orderInfo: truncate(checkout.description || `Payment ${checkout.reference}`, MAX_ORDER_INFO_CHARS),
      redirectUrl: options.redirectUrl,
      ipnUrl: callbackUrl,
      requestType: 'captureWallet' as const,
      extraData: '',
    };
    const lineItems = items(checkout);
    return {
      ...unsigned,
      ...(lineItems ? { items: lineItems } : {}),
      ...(userInfo ? { userInfo } : {}),
      referenceId: truncate(checkout.reference, MAX_REFERENCE_ID_CHARS),
      lang: langOf(checkout),
      signature: sign(SIGNED_FIELDS.create, unsigned),
    };
  }

  async function send(request: CreateRequest): Promise<CreateResponse> {
    const response = await post<CreateResponse>('/v2/gateway/api/create', request);
    if (response.status === 200 && response.body?.resultCode === 0) return response.body;
    throw errorFrom(response, 'create the payment');
  }

  /** The order as MoMo knows it; undefined when MoMo has no such order (42). */
  async function query(orderId: string, lang: 'vi' | 'en'): Promise<QueryResponse | undefined> {
    const unsigned = { partnerCode: options.partnerCode, requestId: randomUUID(), orderId };
    const request: QueryRequest = { ...unsigned, lang, signature: sign(SIGNED_FIELDS.query, unsigned) };
    const response = await post<QueryResponse>('/v2/gateway/api/query', request);
    const body = response.body;
    if (response.status === 200 && typeof body?.resultCode === 'number' && body.orderId === orderId) return body;
    if (body?.resultCode === 42) return undefined;
    throw errorFrom(response, 'report the payment');
  }

  function instructionsFor(created: CreateResponse, checkout: CheckoutRecord): Instruction[] {
    const instructions: Instruction[] = [];
    const appUrl = created.deeplink || created.payUrl;
    if (appUrl) instructions.push({ kind: 'deeplink', url: appUrl, appName: 'MoMo', ...(created.payUrl ? { webUrl: created.payUrl } : {}) });
    // qrCodeUrl is the QR's text, not an image (seed 003).
    // An EMVCo bank QR: the MoMo app reads it, and so do banking apps (seed 003); a camera does not pay it.
    if (created.qrCodeUrl) instructions.push({ kind: 'qr', payload: created.qrCodeUrl, expiresAt: checkout.expiresAt, scanWith: 'app-or-bank', appName: 'MoMo' });
    return instructions;
  }

  return {
    id: 'momo-vn',
    // amount: a Long of 1.000–50.000.000 VND (seed 003).
    methods: { wallet: { currencies: ['VND'], amount: { min: '1000', max: '50000000' } } },
    countries: { VND: 'VN' },
    operationFor: () => 'v2.gateway.create.captureWallet',

    async create(input) {
      const request = createRequest(input);
      let created: CreateResponse;
      try {
        created = await send(request);
      } catch (err) {
        if (!(err instanceof ProviderError) || err.kind === 'rejected') throw err;
        // The answer was lost or MoMo failed: ask whether the order exists before anything else.
        // If the query cannot answer either, give up: the outcome stays unknown rather than guessed.
        await query(request.orderId, request.lang);
        // Either way the same requestId is safe to send again: a created order's answer (0) is
        // final and so replayed by MoMo, and orderId uniqueness forbids a second order.
        created = await send(request);
      }
      if (created.orderId !== undefined && created.orderId !== request.orderId) {
        throw new ProviderError('unavailable', 'ORDER_MISMATCH', 'MoMo answered about another order.');
      }
      const instructions = instructionsFor(created, input.checkout);
      if (instructions.length === 0) throw new ProviderError('unavailable', 'NO_PAYMENT_LINK', 'MoMo created the order but sent no way to pay it.');
      return { providerReference: request.orderId, instructions, status: { status: 'pending', raw: 'created:resultCode:0' } };
    },

    async fetchStatus(checkout) {
      if (!checkout.providerReference) return undefined;
      const order = await query(checkout.providerReference, langOf(checkout));
      return order && mapQuery(order);
    },

    /** Verifies the IPN's signature over the raw body (timing-safe) and names its order. */
    callbackReference({ rawBody }: CallbackRequest) {
      const parsed = parseCallbackJson(rawBody, 'IPN', 'MALFORMED_IPN');
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ProviderError('rejected', 'MALFORMED_IPN', 'The IPN body is not a JSON object.');
      const body = parsed as Record<string, unknown>;
      const values: Record<string, string | number> = {};
      for (const field of IPN_STRINGS) {
        if (typeof body[field] !== 'string') throw new ProviderError('rejected', 'MALFORMED_IPN', `The IPN has no ${field}.`);
        values[field] = body[field] as string;
      }
      for (const field of IPN_NUMBERS) {
        if (!Number.isSafeInteger(body[field])) throw new ProviderError('rejected', 'MALFORMED_IPN', `The IPN's ${field} is not a whole number.`);
        values[field] = body[field] as number;
      }
      const raw = rawSignature(SIGNED_FIELDS.ipn, { ...values, accessKey: options.accessKey });
      if (values.partnerCode !== options.partnerCode || !signatureMatches(body.signature, raw, options.secretKey)) {
        throw new ProviderError('rejected', 'IPN_SIGNATURE_INVALID', 'The IPN signature does not verify.');
      }
      return values.orderId as string;
    },

    callbackStatus: 204,

    sandbox: options.sandbox
      ? {
          async act(checkout, action) {
            if (!checkout.providerReference) throw new ProviderError('rejected', 'NO_ORDER', 'This checkout has no order at MoMo.');
            const path = `/control/orders/${encodeURIComponent(checkout.providerReference)}/${action}?partnerCode=${encodeURIComponent(options.partnerCode)}`;
            const response = await post<{ code?: string; message?: string }>(path);
            if (response.status >= 300) {
              throw new ProviderError('rejected', response.body?.code ?? `HTTP_${response.status}`, response.body?.message ?? `The sandbox refused to ${action}.`);
            }
          },
        }
      : undefined,
  };
}

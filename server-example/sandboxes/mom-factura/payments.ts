/**
 * `/api/payment/…`: MCX (immediate: the answer is the outcome), E-kwanza and Reference
 * (deferred: confirmed by webhook, with status endpoints as fallback).
 */
import { Hono, type Context } from 'hono';
import QRCode from 'qrcode';
import type { ApiEnv } from './auth';
import { ERRORS, MCX_FAILURES, reply } from './errors';
import type { PaymentRecord, PaymentState, SandboxState } from './state';
import { parsePaymentRequest, readJsonBody, TEST_PHONES, type Method, type PaymentRequest, type SimulateResult } from './wire';

export interface PaymentApiOptions {
  /** How long an MCX push waits for the payer before it answers PAYMENT_TIMEOUT. */
  mcxTimeoutMs: number;
  /** E-kwanza paymentTimeout, seconds (documented: 180). */
  ekwanzaTimeoutSeconds: number;
  referenceValidityDays: number;
  entity: string;
  /** HEAD behaviour (since 2026-06-22): MCX and Reference need `instantWithdraw: true`. */
  requireInstantWithdraw: boolean;
  /** Fixed base for invoice URLs; default: this sandbox's own `/invoices`, from the request URL. */
  invoiceBaseUrl?: string;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

/** Angola (WAT) is UTC+1 all year: a dueDate ends at 23:00Z. */
const LUANDA_OFFSET_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** UTC, second precision, explicit `Z`, as in the docs' `2024-01-15T12:00:00Z`. */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const STATUS_MESSAGES: Record<PaymentState, string> = {
  pending: 'Aguardando pagamento',
  paid: 'Pagamento confirmado',
  expired: 'Pagamento expirado',
  failed: 'Pagamento recusado',
  error: 'Erro no pagamento',
};

export function createPaymentApi(state: SandboxState, options: PaymentApiOptions): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();

  const invoiceBase = (c: Context) => {
    if (options.invoiceBaseUrl) return options.invoiceBaseUrl;
    const url = c.req.url;
    return `${url.slice(0, url.indexOf('/api/payment'))}/invoices`;
  };

  /** Payment-rate limit, merchant, body and instantWithdraw checks shared by the three methods. */
  async function admit(c: Context<ApiEnv>, method: Method): Promise<PaymentRequest | Response> {
    const apiKey = c.get('apiKey');
    if (!state.take(apiKey.key, 'payment')) return reply(c, ERRORS.paymentRateLimit);
    if (apiKey.restaurantId === null) return reply(c, ERRORS.missingRestaurantId);
    const parsed = parsePaymentRequest(method, await readJsonBody(c.req.raw));
    if ('status' in parsed) return reply(c, parsed);
    if (options.requireInstantWithdraw && method !== 'ekwanza' && !parsed.instantWithdraw) return reply(c, ERRORS.instantWithdrawRequired);
    return parsed;
  }

  function common(c: Context<ApiEnv>, method: Method, request: PaymentRequest) {
    const apiKey = c.get('apiKey');
    return {
      method,
      apiKey: apiKey.key,
      restaurantId: apiKey.restaurantId ?? 'sandbox-restaurant',
      amount: request.amount,
      products: request.products.length > 0 ? request.products : [{ id: '1', productName: 'Pagamento', productPrice: request.amount, productQuantity: 1, iva: 14 }],
      customer: request.customer,
      phoneNumber: request.phoneNumber,
      instantWithdraw: request.instantWithdraw,
      qa: c.get('qa'),
      invoiceBase: invoiceBase(c),
    };
  }

  api.post('/mcx', async (c) => {
    const request = await admit(c, 'mcx');
    if (request instanceof Response) return request;
    const qa = c.get('qa');
    // QA: simulateResult, or a test phone, decides at once. Otherwise the push waits for the payer.
    const simulated: SimulateResult | undefined = qa ? (request.simulateResult ?? TEST_PHONES[request.phoneNumber ?? '']) : undefined;
    const tag = c.req.header('x-sandbox-checkout');
    const payment = state.create({
      ...common(c, 'mcx', request),
      ...(tag ? { sandboxTag: tag.slice(0, 200) } : {}),
      validityMs: options.mcxTimeoutMs,
    });
    if (simulated === 'success') state.settle(payment, { state: 'paid' });
    else if (simulated === 'timeout') state.settle(payment, { state: 'expired' });
    else if (simulated) state.settle(payment, { state: 'failed', mcxFailure: simulated });
    options.log('mom-factura sandbox: mcx push', { transactionId: payment.transactionId, simulated });
    await state.settled(payment);
    if (payment.state === 'paid') return c.json({ success: true, transactionId: payment.transactionId, invoiceUrl: payment.invoiceUrl });
    return reply(c, MCX_FAILURES[payment.mcxFailure ?? 'rejected']);
  });

  api.post('/ekwanza', async (c) => {
    const request = await admit(c, 'ekwanza');
    if (request instanceof Response) return request;
    const code = state.newNumber('EKZ', 6);
    // Our choice of QR content (E-kwanza's is not published): the code, amount and currency.
    const qrCode = await QRCode.toDataURL(`EKWANZA|${code}|${request.amount.toFixed(2)}|AOA`, { margin: 2, width: 256 });
    const payment = state.create({
      ...common(c, 'ekwanza', request),
      code,
      operationCode: state.newNumber('OP', 9),
      ekwanzaTransactionId: state.newNumber('EKZT', 12),
      qrCode,
      validityMs: options.ekwanzaTimeoutSeconds * 1_000,
    });
    return c.json({
      success: true,
      code,
      qrCode,
      expirationDate: isoSeconds(payment.expiresAtMs),
      paymentTimeout: options.ekwanzaTimeoutSeconds,
    });
  });

  api.post('/reference', async (c) => {
    const request = await admit(c, 'reference');
    if (request instanceof Response) return request;
    const now = state.now();
    const dueDay = Math.floor((now + LUANDA_OFFSET_MS) / DAY_MS) + options.referenceValidityDays;
    const dueDate = new Date(dueDay * DAY_MS).toISOString().slice(0, 10);
    const endOfDueDate = (dueDay + 1) * DAY_MS - LUANDA_OFFSET_MS;
    const payment = state.create({
      ...common(c, 'reference', request),
      operationId: state.newOperationId(),
      referenceNumber: state.newNumber('', 9),
      entity: options.entity,
      ekwanzaTransactionId: state.newNumber('EKZT', 12),
      dueDate,
      validityMs: endOfDueDate - now,
    });
    return c.json({
      success: true,
      operationId: payment.operationId,
      referenceNumber: payment.referenceNumber,
      entity: payment.entity,
      dueDate,
    });
  });

  /** Only the merchant that created a payment may read it; anyone else gets PAYMENT_NOT_FOUND. */
  const find = (c: Context<ApiEnv>, id: string, method: Method): PaymentRecord | undefined => {
    const payment = state.get(id);
    const ours = payment?.method === method && payment.apiKey === c.get('apiKey').key && (payment.code === id || payment.operationId === id);
    return ours ? payment : undefined;
  };

  // `?merchantTransactionId=` (sent by Mom Factura's SDK) is accepted and ignored.
  api.get('/ekwanza/status/:code', (c) => {
    const payment = find(c, c.req.param('code'), 'ekwanza');
    if (!payment) return reply(c, ERRORS.notFound);
    return c.json({
      success: true,
      status: payment.state,
      operationCode: payment.operationCode,
      ...(payment.invoiceUrl ? { invoiceUrl: payment.invoiceUrl } : {}),
    });
  });

  api.get('/reference/status/:operationId', (c) => {
    const payment = find(c, c.req.param('operationId'), 'reference');
    if (!payment) return reply(c, ERRORS.notFound);
    return c.json({
      success: true,
      payment: { status: payment.state, message: STATUS_MESSAGES[payment.state] },
      ...(payment.invoiceUrl ? { invoiceUrl: payment.invoiceUrl } : {}),
    });
  });

  return api;
}

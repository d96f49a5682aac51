/**
 * `POST /v2/gateway/api/create` and `POST /v2/gateway/api/query`, plus the payUrl page
 * `GET /v2/gateway/pay`. Checks run in this order: JSON and field formats (20) → partner and
 * signature (13) → business rules (21, 22, 45, 2019) → requestId (40 or replay) → orderId (41).
 */
import { createHmac } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { SandboxState } from './state';
import {
  CREATE_RESPONSE_SIGNED,
  CREATE_SIGNED,
  emvQrPayload,
  httpStatus,
  MAX_AMOUNT_VND,
  MAX_ITEMS,
  message,
  MIN_AMOUNT_VND,
  ORDER_ID_PATTERN,
  parseObject,
  QUERY_SIGNED,
  rawSignature,
  REQUEST_TYPES,
  safeEqual,
  sign,
  type Lang,
  type MomoCredential,
  type ResultCode,
  type WireItem,
} from './wire';

export interface GatewayOptions {
  /** Public base of the payUrl pages (payers' browsers open them); default: this sandbox, from the request URL. */
  payBaseUrl?: string;
  credentials: () => readonly MomoCredential[];
  now: () => number;
  orderLifetimeMs: number;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

type Fields = Record<string, unknown>;

/** A refusal: the code and, for the log and the sandbox README's sake, which check failed. */
class Refusal {
  constructor(
    readonly code: ResultCode,
    readonly detail: string,
  ) {}
}

const isString = (value: unknown, max: number, min = 0): value is string => typeof value === 'string' && value.length >= min && value.length <= max;

function langOf(fields: Fields): Lang {
  return fields.lang === 'en' ? 'en' : 'vi';
}

/** The amount as MoMo takes it: a JSON integer, or a string of digits as in the docs' example request. */
function amountOf(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Refusal(20, 'amount: not a number');
    if (!Number.isSafeInteger(value)) throw new Refusal(21, 'amount: not a whole number of VND');
    return value;
  }
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  if (typeof value === 'string' && /^\d{1,15}\.\d+$/.test(value)) throw new Refusal(21, 'amount: not a whole number of VND');
  throw new Refusal(20, 'amount: must be a Long');
}

function checkCommon(fields: Fields): void {
  if (!isString(fields.partnerCode, 50, 1)) throw new Refusal(20, 'partnerCode: required, at most 50 characters');
  if (!isString(fields.requestId, 50, 1)) throw new Refusal(20, 'requestId: required, at most 50 characters');
  if (!isString(fields.orderId, 200, 1) || !ORDER_ID_PATTERN.test(fields.orderId)) throw new Refusal(20, 'orderId: required, must match ^[0-9a-zA-Z]([-_.]*[0-9a-zA-Z]+)*$');
  if (fields.lang !== undefined && fields.lang !== 'vi' && fields.lang !== 'en') throw new Refusal(20, 'lang: vi or en');
  if (!isString(fields.signature, 64, 1)) throw new Refusal(20, 'signature: required');
  if (fields.accessKey !== undefined && !isString(fields.accessKey, 100)) throw new Refusal(20, 'accessKey: must be a string');
}

function isAbsoluteUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function checkExtraData(extraData: string): void {
  if (extraData === '') return;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(extraData)) throw new Refusal(20, 'extraData: must be base64 of a JSON object');
  const decoded = parseObject(Buffer.from(extraData, 'base64').toString('utf8'));
  if (!decoded) throw new Refusal(20, 'extraData: must be base64 of a JSON object');
}

function checkItems(value: unknown): WireItem[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Refusal(20, 'items: must be a list');
  if (value.length > MAX_ITEMS) throw new Refusal(20, `items: at most ${MAX_ITEMS}`);
  const ids = new Set<string>();
  return value.map((raw: unknown, index) => {
    const item = (raw && typeof raw === 'object' ? raw : {}) as Fields;
    const where = `items[${index}]`;
    if (!isString(item.id, 200, 1) || !isString(item.name, 255, 1)) throw new Refusal(20, `${where}: id and name are required strings`);
    if (!Number.isSafeInteger(item.price) || (item.price as number) < 0) throw new Refusal(20, `${where}.price: a Long ≥ 0`);
    if (!Number.isSafeInteger(item.quantity) || (item.quantity as number) <= 0) throw new Refusal(20, `${where}.quantity: an Integer > 0`);
    if (!Number.isSafeInteger(item.totalPrice)) throw new Refusal(20, `${where}.totalPrice: a Long`);
    if (item.totalPrice !== (item.price as number) * (item.quantity as number)) throw new Refusal(20, `${where}.totalPrice: must be price × quantity`);
    if (item.currency !== undefined && item.currency !== 'VND') throw new Refusal(20, `${where}.currency: VND`);
    if (ids.has(item.id)) throw new Refusal(45, `${where}.id: duplicated`);
    ids.add(item.id);
    return item as unknown as WireItem;
  });
}

/** The partner's credential set whose signature matches; throws 13 when none does. */
function authenticate(fields: Fields, signed: readonly string[], credentials: readonly MomoCredential[]): MomoCredential {
  const candidates = credentials.filter((set) => set.partnerCode === fields.partnerCode);
  if (candidates.length === 0) throw new Refusal(13, 'partnerCode: unknown partner');
  const given = fields.signature as string;
  for (const set of candidates) {
    // The v2 docs' body has no accessKey (MoMo's samples add it): when sent, it must be this set's.
    if (fields.accessKey !== undefined && fields.accessKey !== set.accessKey) continue;
    const expected = sign(rawSignature(signed, { ...fields, accessKey: set.accessKey }), set.secretKey);
    if (safeEqual(expected, given)) return set;
  }
  throw new Refusal(13, 'signature: does not match');
}

export function createGatewayApi(state: SandboxState, options: GatewayOptions): Hono {
  const api = new Hono();
  const { now, log } = options;

  /** A refusal's body: the request's identifiers echoed back, as MoMo's error answers do. */
  function refuse(c: Context, fields: Fields, refusal: Refusal) {
    log('momo-vn sandbox: refused', { path: c.req.path, resultCode: refusal.code, detail: refusal.detail });
    const lang = langOf(fields);
    const body = {
      partnerCode: typeof fields.partnerCode === 'string' ? fields.partnerCode : '',
      orderId: typeof fields.orderId === 'string' ? fields.orderId : '',
      requestId: typeof fields.requestId === 'string' ? fields.requestId : '',
      amount: typeof fields.amount === 'number' ? fields.amount : Number(fields.amount) || 0,
      responseTime: now(),
      message: message(refusal.code, lang),
      resultCode: refusal.code,
    };
    return { status: httpStatus(refusal.code), body };
  }

  api.post('/api/create', async (c) => {
    const text = await c.req.text().catch(() => '');
    const fields = parseObject(text) ?? {};
    let answer: { status: number; body: Record<string, unknown> };
    /** Set once the request is authenticated: only then may a refusal spend its requestId. */
    let partner: string | undefined;
    try {
      if (Object.keys(fields).length === 0) throw new Refusal(20, 'body: must be a JSON object');
      checkCommon(fields);
      const amount = amountOf(fields.amount);
      if (!isString(fields.orderInfo, 255, 1)) throw new Refusal(20, 'orderInfo: required, at most 255 characters');
      if (fields.redirectUrl !== undefined && !isString(fields.redirectUrl, 2_000)) throw new Refusal(20, 'redirectUrl: must be a string');
      if (!isString(fields.ipnUrl, 2_000, 1) || !isAbsoluteUrl(fields.ipnUrl)) throw new Refusal(20, 'ipnUrl: an absolute http(s) URL');
      if (!REQUEST_TYPES.includes(fields.requestType as (typeof REQUEST_TYPES)[number])) throw new Refusal(20, `requestType: one of ${REQUEST_TYPES.join(', ')}`);
      if (fields.extraData !== undefined && !isString(fields.extraData, 1_000)) throw new Refusal(20, 'extraData: at most 1000 characters');
      const extraData = (fields.extraData as string | undefined) ?? '';
      checkExtraData(extraData);
      if (fields.referenceId !== undefined && !isString(fields.referenceId, 255)) throw new Refusal(20, 'referenceId: at most 255 characters');
      for (const key of ['storeId', 'subPartnerCode'] as const) {
        if (fields[key] !== undefined && !isString(fields[key], 50)) throw new Refusal(20, `${key}: at most 50 characters`);
      }
      if (fields.autoCapture !== undefined && typeof fields.autoCapture !== 'boolean') throw new Refusal(20, 'autoCapture: a boolean');
      for (const key of ['userInfo', 'deliveryInfo'] as const) {
        const value = fields[key];
        if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) throw new Refusal(20, `${key}: an object`);
      }
      const items = checkItems(fields.items);

      const credential = authenticate(fields, CREATE_SIGNED, options.credentials());
      const partnerCode = credential.partnerCode;
      partner = partnerCode;
      const requestId = fields.requestId as string;
      const orderId = fields.orderId as string;

      const seen = state.getRequest(partnerCode, requestId);
      if (seen) {
        // Final answers are idempotent: the same request gets the same answer; anything else is a 40.
        partner = undefined;
        if (seen.final && seen.orderId === orderId) return c.json(seen.body, seen.status as 200);
        throw new Refusal(40, 'requestId: seen before');
      }
      if (amount < MIN_AMOUNT_VND || amount > MAX_AMOUNT_VND) throw new Refusal(22, `amount: ${MIN_AMOUNT_VND}–${MAX_AMOUNT_VND} VND`);
      if (fields.orderGroupId !== undefined) throw new Refusal(2019, 'orderGroupId: none is provisioned in the sandbox');
      if (state.getOrder(partnerCode, orderId)) throw new Refusal(41, 'orderId: already used');

      const createdAtMs = now();
      const order = state.addOrder({
        credential,
        partnerCode,
        orderId,
        requestId,
        requestType: fields.requestType as string,
        amount,
        orderInfo: fields.orderInfo as string,
        extraData,
        ipnUrl: fields.ipnUrl as string,
        redirectUrl: (fields.redirectUrl as string | undefined) ?? '',
        lang: langOf(fields),
        items,
        referenceId: fields.referenceId as string | undefined,
        storeId: fields.storeId as string | undefined,
        autoCapture: fields.autoCapture !== false,
        createdAtMs,
        expiresAtMs: createdAtMs + options.orderLifetimeMs,
      });

      const base = new URL(c.req.url);
      const mount = base.pathname.slice(0, base.pathname.length - '/v2/gateway/api/create'.length);
      const sid = Buffer.from(`${partnerCode}|${orderId}`).toString('base64url');
      const s = createHmac('sha256', credential.secretKey).update(sid).digest('hex');
      const payUrl = `${options.payBaseUrl ?? `${base.origin}${mount}`}/v2/gateway/pay?t=${sid}&s=${s}`;
      const unsigned = {
        partnerCode,
        orderId,
        requestId,
        amount,
        responseTime: createdAtMs,
        message: message(0, order.lang),
        resultCode: 0,
        payUrl,
        deeplink: `momo://app?action=payWithApp&isScanQR=false&serviceType=app&sid=${sid}&v=3.0`,
        qrCodeUrl: emvQrPayload(`MM${String(order.transId)}`, amount, order.orderInfo),
        deeplinkMiniApp: `momo://app?action=payWithApp&isScanQR=false&serviceType=miniapp&sid=${sid}&v=3.0`,
      };
      const signature = sign(rawSignature(CREATE_RESPONSE_SIGNED, { ...unsigned, accessKey: credential.accessKey }), credential.secretKey);
      answer = { status: 200, body: { ...unsigned, signature, userFee: 0 } };
      state.rememberRequest(partnerCode, requestId, { orderId, status: 200, body: answer.body, final: true });
      log('momo-vn sandbox: order created', { orderId, requestType: order.requestType });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      answer = refuse(c, fields, error);
      // A refused request's id cannot be used again (its codes are not final): MoMo answers 40.
      if (partner && typeof fields.requestId === 'string') {
        state.rememberRequest(partner, fields.requestId, { orderId: String(fields.orderId), status: answer.status, body: answer.body, final: false });
      }
    }
    return c.json(answer.body, answer.status as 200);
  });

  api.post('/api/query', async (c) => {
    const text = await c.req.text().catch(() => '');
    const fields = parseObject(text) ?? {};
    try {
      if (Object.keys(fields).length === 0) throw new Refusal(20, 'body: must be a JSON object');
      checkCommon(fields);
      const credential = authenticate(fields, QUERY_SIGNED, options.credentials());
      const order = state.getOrder(credential.partnerCode, fields.orderId as string);
      if (!order) throw new Refusal(42, 'orderId: not found');
      const lang = langOf(fields);
      return c.json({
        partnerCode: order.partnerCode,
        requestId: fields.requestId,
        orderId: order.orderId,
        extraData: order.extraData,
        amount: order.amount,
        transId: order.transId,
        payType: order.payType,
        resultCode: order.resultCode,
        refundTrans: [],
        message: message(order.resultCode, lang),
        responseTime: now(),
        lastUpdated: order.updatedAtMs,
        ...(order.resultCode === 0 ? { paymentOption: 'momo' } : {}),
        promotionInfo: null,
      });
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const { status, body } = refuse(c, fields, error);
      return c.json(body, status as 200);
    }
  });

  // The payUrl: what a desktop browser would see. A tiny page; paying happens through the control API.
  api.get('/pay', (c) => {
    const t = c.req.query('t') ?? '';
    const [partnerCode = '', orderId = ''] = Buffer.from(t, 'base64url').toString('utf8').split('|');
    const order = state.getOrder(partnerCode, orderId);
    if (!order) return c.html('<!doctype html><title>MoMo</title><p>Payment link not found.</p>', 404);
    const expected = createHmac('sha256', order.credential.secretKey).update(t).digest('hex');
    if (!safeEqual(expected, c.req.query('s') ?? '')) return c.html('<!doctype html><title>MoMo</title><p>Invalid payment link.</p>', 400);
    const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
    return c.html(
      `<!doctype html><meta charset="utf-8"><title>MoMo sandbox</title>` +
        `<h1>MoMo sandbox payment</h1><p>${escapeHtml(order.orderInfo)}</p><p>${order.amount.toLocaleString('vi-VN')} VND</p>` +
        `<p>Order <code>${escapeHtml(order.orderId)}</code>: ${escapeHtml(message(order.resultCode, order.lang))}</p>` +
        `<p>Pay it with <code>POST control/orders/${escapeHtml(encodeURIComponent(order.orderId))}/approve</code> on this sandbox.</p>`,
    );
  });

  return api;
}

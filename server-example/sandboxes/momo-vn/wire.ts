/**
 * MoMo Vietnam AIO v2 wire facts for the sandbox: credential sets, result codes with their
 * messages and HTTP statuses, signature field lists and request checks.
 * Facts: docs/providers.md, "MoMo Vietnam"; choices where MoMo is silent: ./README.md.
 * Deliberately independent of the adapter's copy, so a shared mistake cannot hide; only the
 * public test sets are shared, being MoMo's data rather than a reading of its docs.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface MomoCredential {
  partnerCode: string;
  accessKey: string;
  secretKey: string;
}

/** The public test sets of MoMo's sample code, which the sandbox always accepts. */
export { PUBLIC_TEST_CREDENTIALS } from '../../providers/momo-vn/sandbox-defaults';

/** Signed fields, in MoMo's order (keys sorted a–z as the docs say). */
export const CREATE_SIGNED = ['accessKey', 'amount', 'extraData', 'ipnUrl', 'orderId', 'orderInfo', 'partnerCode', 'redirectUrl', 'requestId', 'requestType'] as const;
export const CREATE_RESPONSE_SIGNED = ['accessKey', 'amount', 'message', 'orderId', 'partnerCode', 'payUrl', 'requestId', 'responseTime', 'resultCode'] as const;
export const QUERY_SIGNED = ['accessKey', 'orderId', 'partnerCode', 'requestId'] as const;
export const IPN_SIGNED = ['accessKey', 'amount', 'extraData', 'message', 'orderId', 'orderInfo', 'orderType', 'partnerCode', 'payType', 'requestId', 'responseTime', 'resultCode', 'transId'] as const;

/** `k1=v1&k2=v2…` over exactly `fields`; a missing value is written empty. */
export function rawSignature(fields: readonly string[], values: Readonly<Record<string, unknown>>): string {
  return fields.map((field) => `${field}=${values[field] === undefined || values[field] === null ? '' : String(values[field])}`).join('&');
}

/** HMAC-SHA256 of the UTF-8 raw string, lowercase hex. */
export function sign(raw: string, secretKey: string): string {
  return createHmac('sha256', secretKey).update(raw, 'utf8').digest('hex');
}

/** Constant-time compare; hashing first equalises the lengths. */
export function safeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

export type Lang = 'vi' | 'en';

/** A result code's messages (en from MoMo's table; vi ours where the copy had none, UNVERIFIED) and HTTP status. */
interface CodeInfo {
  en: string;
  vi: string;
  http: 200 | 400 | 403 | 500 | 503;
}

export const RESULT_CODES = {
  0: { en: 'Successful.', vi: 'Thành công.', http: 200 },
  10: { en: 'System is under maintenance.', vi: 'Hệ thống đang được bảo trì.', http: 503 },
  11: { en: 'Access denied.', vi: 'Truy cập bị từ chối.', http: 403 },
  12: { en: 'Unsupported API version for this request.', vi: 'Phiên bản API không được hỗ trợ cho yêu cầu này.', http: 400 },
  13: { en: 'Merchant authentication failed.', vi: 'Xác thực doanh nghiệp thất bại.', http: 400 },
  20: { en: 'Bad format request.', vi: 'Yêu cầu sai định dạng.', http: 400 },
  21: { en: 'Request rejected due to invalid transaction amount.', vi: 'Yêu cầu bị từ chối vì số tiền giao dịch không hợp lệ.', http: 400 },
  22: { en: 'The transaction amount is out of range.', vi: 'Số tiền giao dịch không nằm trong khoảng cho phép.', http: 400 },
  40: { en: 'Duplicated requestId.', vi: 'RequestId bị trùng.', http: 400 },
  41: { en: 'Duplicated orderId.', vi: 'OrderId bị trùng.', http: 400 },
  42: { en: 'Invalid orderId or orderId is not found.', vi: 'OrderId không hợp lệ hoặc không được tìm thấy.', http: 400 },
  43: { en: 'Request rejected due to an analogous transaction is being processed.', vi: 'Yêu cầu bị từ chối vì có một giao dịch tương tự đang được xử lý.', http: 400 },
  45: { en: 'Duplicated ItemId', vi: 'ItemId bị trùng.', http: 400 },
  47: { en: 'Request rejected due to inapplicable information in the given set of valuable data.', vi: 'Yêu cầu bị từ chối vì thông tin không áp dụng được.', http: 400 },
  98: { en: 'This QR Code has not been generated successfully.', vi: 'Mã QR chưa được tạo thành công.', http: 500 },
  99: { en: 'Unknown error.', vi: 'Lỗi không xác định.', http: 500 },
  1000: { en: 'Transaction is initiated, waiting for user confirmation.', vi: 'Giao dịch đã được khởi tạo, chờ người dùng xác nhận thanh toán.', http: 200 },
  1001: { en: 'Transaction failed due to insufficient funds.', vi: 'Giao dịch thất bại do tài khoản người dùng không đủ tiền.', http: 200 },
  1002: { en: 'Transaction rejected by the issuers of the payment methods.', vi: 'Giao dịch bị từ chối do nhà phát hành tài khoản thanh toán.', http: 200 },
  1003: { en: 'Transaction cancelled after successfully authorized.', vi: 'Giao dịch bị hủy sau khi đã được xác nhận.', http: 200 },
  1004: { en: 'Transaction failed because the amount exceeds daily/monthly payment limit.', vi: 'Giao dịch thất bại do số tiền vượt quá hạn mức thanh toán.', http: 200 },
  1005: { en: 'Transaction failed because the url or QR code expired.', vi: 'Giao dịch thất bại do url hoặc QR code đã hết hạn.', http: 200 },
  1006: { en: 'Transaction denied by user.', vi: 'Giao dịch bị từ chối bởi người dùng.', http: 200 },
  1007: { en: "Transaction rejected due to inactive or nonexistent user's account.", vi: 'Giao dịch bị từ chối vì tài khoản không tồn tại hoặc đang ngưng hoạt động.', http: 200 },
  1017: { en: 'Transaction cancelled by merchant.', vi: 'Giao dịch bị hủy bởi đối tác.', http: 200 },
  1026: { en: 'Transaction restricted due to promotion rules.', vi: 'Giao dịch bị hạn chế theo thể lệ chương trình khuyến mãi.', http: 200 },
  2019: { en: 'Request rejected due to invalid orderGroupId.', vi: 'Yêu cầu bị từ chối vì orderGroupId không hợp lệ.', http: 400 },
  4001: { en: 'Transaction rejected because the user account is being restricted.', vi: 'Giao dịch bị từ chối do tài khoản người dùng đang bị hạn chế.', http: 200 },
  4002: { en: 'Transaction rejected because the user account has not been verified by C06.', vi: 'Giao dịch bị từ chối do tài khoản người dùng chưa được xác thực với C06.', http: 200 },
  4100: { en: 'Transaction failed because user has failed to login.', vi: 'Giao dịch thất bại do người dùng không đăng nhập thành công.', http: 200 },
  7000: { en: 'Transaction is being processed.', vi: 'Giao dịch đang được xử lý.', http: 200 },
  7002: { en: 'Transaction is being processed by the provider of the payment instrument selected.', vi: 'Giao dịch đang được xử lý bởi nhà cung cấp loại hình thanh toán.', http: 200 },
  8000: { en: 'Transaction is waiting for the user to re-confirm payment.', vi: 'Giao dịch đang ở trạng thái cần được người dùng xác nhận thanh toán lại.', http: 200 },
  9000: { en: 'Transaction is authorized successfully.', vi: 'Giao dịch đã được xác nhận thành công.', http: 200 },
} as const satisfies Record<number, CodeInfo>;

export type ResultCode = keyof typeof RESULT_CODES;

/** Final failures a payer's decline may end in (control API). */
export const DECLINE_CODES = [1001, 1002, 1004, 1005, 1006, 1007, 1017, 1026, 4001, 4002, 4100, 98, 99] as const satisfies readonly ResultCode[];
/** Non-final states an order may be put in (control API). */
export const PROCESSING_CODES = [1000, 7000, 7002, 8000, 9000] as const satisfies readonly ResultCode[];

export function message(code: ResultCode, lang: Lang): string {
  return RESULT_CODES[code][lang];
}

export function httpStatus(code: ResultCode): 200 | 400 | 403 | 500 | 503 {
  return RESULT_CODES[code].http;
}

export const MIN_AMOUNT_VND = 1_000;
export const MAX_AMOUNT_VND = 50_000_000;
export const MAX_ITEMS = 50;
export const ORDER_ID_PATTERN = /^[0-9a-zA-Z]([-_.]*[0-9a-zA-Z]+)*$/;
export const REQUEST_TYPES = ['captureWallet', 'payWithMethod'] as const;
export const PAY_TYPES = ['webApp', 'app', 'qr', 'miniapp'] as const;
export type PayType = (typeof PAY_TYPES)[number];

/** One item of `items[]`, as MoMo lists its fixed keys. */
export interface WireItem {
  id: string;
  name: string;
  description?: string;
  category?: string;
  imageUrl?: string;
  manufacturer?: string;
  price: number;
  currency?: string;
  quantity: number;
  unit?: string;
  totalPrice: number;
  taxAmount?: number | string;
}

/** The IPN body, in the order of the docs' example; also what the redirect carries. */
export interface IpnBody {
  partnerCode: string;
  orderId: string;
  requestId: string;
  amount: number;
  storeId?: string;
  orderInfo: string;
  partnerUserId?: string;
  orderType: 'momo_wallet';
  transId: number;
  resultCode: number;
  message: string;
  payType: string;
  responseTime: number;
  extraData: string;
  signature: string;
  paymentOption?: 'momo' | 'pay_later';
  userFee?: number;
  promotionInfo?: unknown[];
}

/** The JSON body as text parsed, or undefined when it is not a JSON object. Never throws. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** EMVCo merchant-presented QR payload (tag-length-value, CRC-16/CCITT-FALSE), shaped like MoMo's example. */
export function emvQrPayload(reference: string, amount: number, purpose: string): string {
  const tlv = (tag: string, value: string) => `${tag}${String(value.length).padStart(2, '0')}${value}`;
  const ascii = (text: string) => text.normalize('NFD').replace(/[^\x20-\x7e]/g, '');
  const body =
    tlv('00', '01') +
    tlv('01', '12') +
    tlv('26', tlv('00', 'vn.momo')) +
    tlv('38', tlv('00', 'A000000727') + tlv('02', 'QRIBFTTA')) +
    tlv('53', '704') +
    tlv('54', String(amount)) +
    tlv('58', 'VN') +
    tlv('62', tlv('05', reference.slice(0, 25)) + tlv('08', ascii(purpose).slice(0, 25) || 'MoMo')) +
    '6304';
  return body + crc16(body);
}

function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * MoMo's request and IPN signatures: HMAC-SHA256 (secret key) over `k=v&…` of exactly the
 * documented fields in the documented order, UTF-8, lowercase hex.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { JsonNumber } from '../http';

export const SIGNED_FIELDS = {
  create: ['accessKey', 'amount', 'extraData', 'ipnUrl', 'orderId', 'orderInfo', 'partnerCode', 'redirectUrl', 'requestId', 'requestType'],
  query: ['accessKey', 'orderId', 'partnerCode', 'requestId'],
  ipn: ['accessKey', 'amount', 'extraData', 'message', 'orderId', 'orderInfo', 'orderType', 'partnerCode', 'payType', 'requestId', 'responseTime', 'resultCode', 'transId'],
} as const satisfies Record<string, readonly string[]>;

/** Values as the signature string shows them (a JsonNumber by its digits). */
export type SignedValues = Readonly<Record<string, string | number | JsonNumber | undefined>>;

/** The string MoMo signs, e.g. `accessKey=…&orderId=…&partnerCode=…&requestId=…`. */
export function rawSignature(fields: readonly string[], values: SignedValues): string {
  return fields.map((field) => `${field}=${values[field] ?? ''}`).join('&');
}

export function hmacHex(raw: string, secretKey: string): string {
  return createHmac('sha256', secretKey).update(raw, 'utf8').digest('hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Constant-time check of a lowercase-hex signature against the one we compute. */
export function signatureMatches(given: unknown, raw: string, secretKey: string): boolean {
  if (typeof given !== 'string' || !HEX_SHA256.test(given)) return false;
  return timingSafeEqual(Buffer.from(hmacHex(raw, secretKey), 'hex'), Buffer.from(given, 'hex'));
}

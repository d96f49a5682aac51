import type { JsonNumber } from '../http';

/** Mom Factura payment API bodies, as documented (seed 004; docs/providers.md, "Mom Factura"). Amounts are Kwanzas (JSON numbers). */

export interface Product {
  id: string;
  productName: string;
  productPrice: JsonNumber;
  productQuantity: number;
  /** IVA rate 0–14; Mom Factura's default is 14. */
  iva?: number;
}

export interface Customer {
  name: string;
  nif?: string;
  phone?: string;
}

export interface PaymentBody {
  paymentInfo: { amount: JsonNumber; phoneNumber?: string };
  products?: Product[];
  customer?: Customer;
  /** Mandatory (true) on MCX and Reference since 2026-06-22; older versions accept it. */
  instantWithdraw?: boolean;
}

export interface ErrorBody {
  success: false;
  error?: string;
  code?: string;
}

export interface McxSuccessBody {
  success: true;
  transactionId: string;
  invoiceUrl?: string;
}

export interface EkwanzaCreatedBody {
  success: true;
  code: string;
  qrCode: string;
  expirationDate: string;
  paymentTimeout: number;
}

export interface ReferenceCreatedBody {
  success: true;
  operationId: string;
  referenceNumber: string;
  entity: string;
  dueDate: string;
}

export interface EkwanzaStatusBody {
  success: boolean;
  status?: string;
  operationCode?: string;
  invoiceUrl?: string;
}

export interface ReferenceStatusBody {
  success: boolean;
  payment?: { status?: string; message?: string };
  invoiceUrl?: string;
}

/** Mom Factura's limits (100 requests, of which 20 payment requests, a minute per key): nothing was created, and later it may be. */
export const RATE_LIMIT_CODES = new Set(['RATE_LIMIT_EXCEEDED', 'PAYMENT_RATE_LIMIT_EXCEEDED']);

/** The request errors of the docs: nothing was created. */
export const REQUEST_ERROR_CODES = new Set([
  'MISSING_API_KEY',
  'INVALID_API_KEY',
  'DOMAIN_NOT_ALLOWED',
  'INVALID_AMOUNT',
  'AMOUNT_MISMATCH',
  'MISSING_PHONE',
  'MISSING_RESTAURANT_ID',
  'RATE_LIMIT_EXCEEDED',
  'PAYMENT_RATE_LIMIT_EXCEEDED',
  'INSTANT_WITHDRAW_REQUIRED',
]);

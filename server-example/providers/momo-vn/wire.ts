/**
 * MoMo Vietnam AIO v2 wire shapes the adapter sends and reads (seed 003; docs/providers.md, "MoMo Vietnam").
 */
import type { JsonNumber } from '../http';

/** `POST /v2/gateway/api/create` body, requestType `captureWallet`. */
export interface CreateRequest {
  partnerCode: string;
  requestId: string;
  /** Whole VND, a Long: sent digit for digit. */
  amount: JsonNumber;
  orderId: string;
  orderInfo: string;
  redirectUrl: string;
  ipnUrl: string;
  requestType: 'captureWallet';
  extraData: string;
  items?: WireItem[];
  userInfo?: { name?: string; phoneNumber?: string; email?: string };
  referenceId?: string;
  lang: 'vi' | 'en';
  signature: string;
}

export interface WireItem {
  id: string;
  name: string;
  price: JsonNumber;
  currency: 'VND';
  quantity: number;
  totalPrice: JsonNumber;
}

export interface CreateResponse {
  partnerCode?: string;
  requestId?: string;
  orderId?: string;
  amount?: number;
  responseTime?: number;
  message?: string;
  resultCode?: number;
  payUrl?: string;
  deeplink?: string;
  qrCodeUrl?: string;
  deeplinkMiniApp?: string;
  signature?: string;
  userFee?: number;
}

/** `POST /v2/gateway/api/query` body. */
export interface QueryRequest {
  partnerCode: string;
  requestId: string;
  orderId: string;
  lang: 'vi' | 'en';
  signature: string;
}

export interface QueryResponse {
  partnerCode?: string;
  requestId?: string;
  orderId?: string;
  extraData?: string;
  amount?: number;
  transId?: number;
  payType?: string;
  resultCode?: number;
  message?: string;
  responseTime?: number;
}

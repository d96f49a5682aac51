/**
 * MoMo Vietnam AIO v2 wire shapes the adapter sends and reads (PROVIDERS.md §3, seed 003).
 */

/** `POST /v2/gateway/api/create` body, requestType `captureWallet`. */
export interface CreateRequest {
  partnerCode: string;
  requestId: string;
  amount: number;
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
  price: number;
  currency: 'VND';
  quantity: number;
  totalPrice: number;
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

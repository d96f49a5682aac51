/**
 * Dollr's wire shapes (docs/providers.md, "Dollr"; dollr_api_docs docs/api/*.md field tables).
 * Only the fields the adapter reads are typed; everything else passes through untouched.
 */

export interface TokenBody {
  access_token: string /** Minutes, not seconds (docs/providers.md, "Dollr"). */;
  expires_in: number;
}

/** FastAPI: a message, or pydantic's list of validation issues (422). */
export interface ErrorBody {
  detail?: string | { loc?: (string | number)[]; msg?: string; type?: string }[];
}

export interface PartyBody {
  id: number;
  fullname: string;
  phone: string;
}
export interface CounterpartyBody {
  id: number;
  relationship_type: string;
  party_id: number | null;
  party?: PartyBody | null;
}
export interface InvoiceBody {
  id: number;
  invoice_number?: string;
  status: string;
  currency: string;
}
export interface SessionBody {
  id: number;
}
export interface PaymentAccountBody {
  id: number;
}

/** `GET /v1/predictions/mmo-provider-info` (PredictPhonePaymentInfoResponse). */
export interface MmoInfoBody {
  carrier: string;
  country: string;
  currencies: string[];
  phone: string;
  payment_method: string;
  gateway_provider: string;
  operation_type: string;
}

/** `GET /v1/predictions/amount-and-fees` (AmountAndFeePredictionResponse); amounts are strings. */
export interface PredictionBody {
  payer_amount: string;
  payer_currency: string;
  payee_amount: string;
  payee_currency: string;
  platform_fee: string;
  fx_fee: string | null;
  gateway_fee: string | null;
}

export type ExecutionStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

/** ExecutionResponse: the answer of every execution and status call. */
export interface ExecutionBody {
  reference_id: string;
  status: ExecutionStatus | (string & {});
  operation_type: string;
  payer_amount?: number;
  payer_currency?: string;
  payee_amount?: number;
  payee_currency?: string;
  provider_transaction_id?: string | null;
  gateway_message?: string | null;
  wallet_message?: string | null;
}

/** `GET /v1/invoices/receipt/{id}`: amounts, fees, FX rate, provider and items of a PAID invoice. */
export interface ReceiptBody {
  source_number?: string;
  invoice_number?: string;
  status?: string;
  /** When the invoice was paid (ISO 8601). */
  paid_at?: string | null;
}

/** `GET /v1/links/receipt` (LinkResponse). */
export interface LinkBody {
  url: string;
}

export type OperationType = 'COLLECTION' | 'PAYOUT';
export type FeeBearer = 'PAYER' | 'PAYEE';

/** MTN MoMo Open API bodies, as documented (docs/providers.md, "MTN MoMo"). */

export interface Party {
  partyIdType: 'MSISDN' | 'EMAIL' | 'PARTY_CODE';
  partyId: string;
}

export interface CreateInvoiceBody {
  externalId: string;
  amount: string;
  currency: string;
  /** Seconds, as a string. */
  validityDuration: string;
  /** Omitted when the merchant does not know who will pay (anyone with the reference can). */
  intendedPayer?: Party;
  payee: Party;
  description: string;
}

export type InvoiceStatusValue = 'CREATED' | 'PENDING' | 'SUCCESSFUL' | 'FAILED';

export interface InvoiceStatusBody {
  referenceId: string;
  externalId?: string;
  amount?: string;
  currency?: string;
  status: InvoiceStatusValue | string;
  paymentReference?: string;
  invoiceId?: string;
  expiryDateTime?: string;
  errorReason?: { code?: string; message?: string };
}

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
}

export interface MtnErrorBody {
  code?: string;
  message?: string;
}

export type PushStatusValue = 'PENDING' | 'SUCCESSFUL' | 'FAILED';
/** A FAILED `reason`: a plain code now, `{code, message}` in older answers. */
export type ReasonValue = string | { code?: string; message?: string };

/** POST /collection/v1_0/requesttopay (docs/providers.md, "MTN MoMo"). */
export interface RequestToPayBody {
  amount: string;
  currency: string;
  externalId: string;
  payer: Party;
  payerMessage: string;
  payeeNote: string;
}

/** GET /collection/v1_0/requesttopay/{referenceId}, and its callback: no referenceId. */
export interface RequestToPayStatusBody {
  amount?: string;
  currency?: string;
  financialTransactionId?: string;
  externalId?: string;
  payer?: Party;
  status: PushStatusValue | string;
  reason?: ReasonValue;
}

/** POST /collection/v2_0/payment (seed 002); the first four fields are required. */
export interface CreatePaymentBody {
  externalTransactionId: string;
  money: { amount: string; currency: string };
  /** The payer's wallet (MSISDN). */
  customerReference: string;
  serviceProviderUserName: string;
  couponId?: string;
  productId?: string;
  productOfferingId?: string;
  receiverMessage?: string;
  senderNote?: string;
  maxNumberOfRetries?: number;
  /** False: MTN charges the payer's fees on top of the amount, so the merchant gets it all. */
  includeSenderCharges?: boolean;
}

/** GET /collection/v2_0/payment/{referenceId}; financialTransactionId once SUCCESSFUL (momo.rs' PaymentResult, 3rd-party). */
export interface PaymentStatusBody {
  referenceId?: string;
  status: PushStatusValue | string;
  financialTransactionId?: string;
  reason?: ReasonValue;
}

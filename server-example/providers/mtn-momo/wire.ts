/** MTN MoMo Open API bodies, as documented (PROVIDERS.md §1). */

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

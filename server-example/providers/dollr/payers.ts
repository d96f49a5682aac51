import { ProviderError } from '../types';
import { errorFrom, type DollrClient } from './client';
import type { CounterpartyBody, OperationType, PartyBody, PaymentAccountBody } from './wire';

export interface Payer {
  partyId: number;
  counterpartyId: number;
}

export interface PayerDetails {
  phone: string;
  /** ISO 3166-1 alpha-2 of the phone's market. */
  country: string;
  name?: string;
  email?: string;
  relationship: 'CUSTOMER' | 'BENEFICIARY';
}

/** The name a payer is filed under when the merchant gave none: unique per phone, so it can be found again. */
export const defaultName = (phone: string) => `Mobile money ${phone}`;

/**
 * Dollr's contacts for our payers: one party + counterparty per phone (and relationship),
 * and one payment account per phone, method and operation, created once and reused.
 * Kept in memory; after a restart a payer is found again through
 * `GET /v1/counterparties/list?fullname=…` (Dollr has no lookup by phone), matched on the phone.
 */
export function createPayerDirectory(client: DollrClient) {
  const payers = new Map<string, Promise<Payer>>();
  const accounts = new Map<string, Promise<number>>();

  /** Remembers a promise; a failed one is forgotten so the next payment asks again. */
  function memo<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    const known = cache.get(key);
    if (known) return known;
    const made = make().catch((err: unknown) => {
      cache.delete(key);
      throw err;
    });
    cache.set(key, made);
    return made;
  }

  async function find(details: PayerDetails, fullname: string): Promise<Payer | undefined> {
    const query = new URLSearchParams({ fullname, relationship_type: details.relationship });
    const response = await client.call<CounterpartyBody[]>('GET', `/v1/counterparties/list?${query}`);
    if (response.status !== 200 || !Array.isArray(response.body)) return undefined;
    const match = response.body.find((entry) => entry.party?.phone === details.phone && typeof entry.party_id === 'number');
    return match ? { partyId: match.party_id!, counterpartyId: match.id } : undefined;
  }

  async function create(details: PayerDetails, fullname: string): Promise<Payer> {
    const party = await client.call<PartyBody>('POST', '/v1/parties/create', {
      fullname,
      phone: details.phone,
      email: details.email ?? null,
      country_code: details.country,
    });
    if (party.status !== 200 || typeof party.body?.id !== 'number') throw errorFrom(party, 'create the party');
    const counterparty = await client.call<CounterpartyBody>('POST', '/v1/counterparties/create', { relationship_type: details.relationship, party_id: party.body.id });
    if (counterparty.status !== 200 || typeof counterparty.body?.id !== 'number') throw errorFrom(counterparty, 'create the counterparty');
    return { partyId: party.body.id, counterpartyId: counterparty.body.id };
  }

  return {
    /** The payer's party and counterparty: remembered, else found at Dollr, else created. */
    payer(details: PayerDetails): Promise<Payer> {
      const fullname = details.name?.trim() || defaultName(details.phone);
      return memo(payers, `${details.relationship}:${details.phone}`, async () => (await find(details, fullname).catch(() => undefined)) ?? create(details, fullname));
    },

    /** The payer's wallet as a payment account for `operation`, created once per phone and method. */
    account(payer: Payer, details: PayerDetails, wallet: { method: string; provider: string; carrier: string }, operation: OperationType): Promise<number> {
      return memo(accounts, `${operation}:${wallet.method}:${details.phone}`, async () => {
        const response = await client.call<PaymentAccountBody>('POST', `/v1/payment-accounts/create?operation_type=${operation}`, {
          account_name: `${wallet.carrier} wallet ${details.phone}`,
          provider: wallet.provider,
          method: wallet.method,
          party_id: payer.partyId,
          country_code: details.country,
          insensitive_account_number: details.phone,
        });
        if (response.status !== 200 || typeof response.body?.id !== 'number') throw errorFrom(response, "register the payer's wallet");
        return response.body.id;
      });
    },
  };
}

export type PayerDirectory = ReturnType<typeof createPayerDirectory>;

/** Refusals of calls made before any money could move: the payer may simply try again. */
export function notSent(err: unknown): unknown {
  if (!(err instanceof ProviderError) || err.kind === 'rejected') return err;
  return new ProviderError('rejected', err.providerCode, `${err.message} Nothing was sent to the phone; try again.`);
}

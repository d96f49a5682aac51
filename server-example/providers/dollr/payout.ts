import { JsonNumber } from '../http';
import { ProviderError, type ProviderStatus } from '../types';
import { errorFrom, type DollrClient } from './client';
import { executeOnce, executionStatus } from './executions';
import { marketOfPhone } from './phones';
import type { PayerDirectory } from './payers';
import { detectWallet } from './predictions';
import { mapExecution } from './status';
import type { SessionBody } from './wire';

/** The merchant passcode payouts are confirmed with (docs/providers.md, "Dollr"). */
export interface PayoutPasscode {
  /** The phone the passcode is linked to in Dollr's merchant portal. */
  phone: string;
  code: string;
}

export interface PayoutInput {
  /** The payout's reference_id (UUID v4), stored by the caller before this call. */
  referenceId: string;
  /** The recipient's phone, E.164 without `+`. */
  phone: string;
  /** Decimal string in major units, e.g. "25.00". */
  amount: string;
  currency: string;
  name?: string;
  email?: string;
}

export interface PayoutResult {
  /** Dollr's reference for the payout: its reference_id. */
  reference: string;
  /** `processing` until the operator confirms; `paid` once delivered; `failed` with a reason. */
  status: ProviderStatus;
}

export interface PayoutDeps {
  client: DollrClient;
  payers: PayerDirectory;
  passcode?: PayoutPasscode;
  /** Reported with the passcode for Dollr's audit (`passcode.device`). */
  device: { name: string; type: string; platform: string; user_agent: string; client_ip: string };
}

/**
 * Payouts (seed 001 "Issue a Payout", as of dollr_api_docs@4b592fc): recipient party and
 * counterparty (BENEFICIARY), a PAYOUT payment account, `POST /v1/sessions/payout`
 * (payout_account_id, amount, currency; Dollr picks the wallet), then `POST /v1/executions/payout`
 * with the stored reference_id and the merchant passcode; a lost answer is resolved by status first.
 */
export function payoutMethod({ client, payers, passcode, device }: PayoutDeps) {
  return {
    async payout(input: PayoutInput): Promise<PayoutResult> {
      if (!passcode) throw new ProviderError('rejected', 'PASSCODE_MISSING', 'Dollr payouts need the merchant passcode (DOLLR_PAYOUT_PASSCODE and DOLLR_PAYOUT_PASSCODE_PHONE).');
      const market = marketOfPhone(input.phone);
      if (!market) throw new ProviderError('rejected', 'UNSUPPORTED_PHONE', 'Dollr pays out to wallets in Liberia (231…) and Rwanda (250…) only.');
      // Until the execution no money moves: an `unavailable` here is settled by the caller's
      // status read (404, no such payout), and the payout may be asked for again.
      const wallet = await detectWallet(client, input.phone, 'PAYOUT');
      if (!wallet.currencies.includes(input.currency)) {
        throw new ProviderError('rejected', 'CURRENCY_NOT_SUPPORTED', `A ${wallet.carrier} wallet at this number takes ${wallet.currencies.join(', ')}, not ${input.currency}.`);
      }
      const details = { phone: input.phone, country: market.country, name: input.name, email: input.email, relationship: 'BENEFICIARY' as const };
      const payer = await payers.payer(details);
      const accountId = await payers.account(payer, details, wallet, 'PAYOUT');
      const session = await client.call<SessionBody>('POST', '/v1/sessions/payout', { payout_account_id: accountId, amount: new JsonNumber(input.amount), currency: input.currency });
      if (session.status !== 200 || typeof session.body?.id !== 'number') throw errorFrom(session, 'open the payout session');
      const sessionId = session.body.id;
      const execution = await executeOnce(client, 'payout', {
        session_id: String(sessionId),
        payout_account_id: String(accountId),
        reference_id: input.referenceId,
        passcode: { token: { phone: passcode.phone, code: passcode.code }, device },
      });
      return { reference: input.referenceId, status: mapExecution(execution) };
    },

    /** `GET /v1/status/payout/{reference_id}`; undefined when Dollr has no such payout. */
    async payoutStatus(referenceId: string): Promise<ProviderStatus | undefined> {
      const execution = await executionStatus(client, 'payout', referenceId);
      return execution ? mapExecution(execution) : undefined;
    },
  };
}

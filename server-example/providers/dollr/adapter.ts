import { DOUBLE_EXACT_AMOUNTS } from '../../money';
import { ProviderError, type PayoutStatus, type ProviderAdapter, type ProviderStatus } from '../types';
import { createDollrClient, errorFrom, type DollrClientOptions } from './client';
import { collectionMethod, parseReference } from './collection';
import { createPayerDirectory } from './payers';
import { payoutMethod, type PayoutInput, type PayoutPasscode, type PayoutResult } from './payout';
import { COUNTRIES, CURRENCIES, PHONE } from './phones';
import type { FeeBearer } from './wire';

export interface DollrOptions extends DollrClientOptions {
  /** Who pays Dollr's fees. Default PAYER: the payer sees the fee before approving. */
  feeBearer?: FeeBearer;
  /** Needed for payouts only. */
  payoutPasscode?: PayoutPasscode;
  /** This server's address, reported with the passcode (`passcode.device.client_ip`). */
  serverIp?: string;
  /** True while baseUrl is our sandbox: enables acting as the payer. */
  sandbox: boolean;
}

/** The Dollr adapter: the collection checkout method, plus payouts for a merchant route. */
export interface DollrAdapter extends ProviderAdapter {
  /** Sends money to a wallet; `referenceId` must be stored before the call. */
  payout(input: PayoutInput): Promise<PayoutResult>;
  payoutStatus(referenceId: string): Promise<ProviderStatus | undefined>;
}

const METHOD = 'collection';
/**
 * Dollr documents no minimum or maximum, and its item `amount` is a float (a JSON number read
 * into an IEEE double): bounded by what such a number holds to the cent.
 */
const AMOUNTS = DOUBLE_EXACT_AMOUNTS;

/** An execution's status as a payout's: nothing pays out after Dollr expired it. */
function asPayoutStatus({ status, reason, raw }: ProviderStatus): PayoutStatus {
  if (status === 'paid' || status === 'processing') return { status, raw };
  if (status === 'pending') return { status: 'processing', raw };
  return { status: 'failed', reason: reason ?? 'provider_error', raw };
}

/**
 * Dollr (heydollr.app): `collection`, a push to the payer's phone in Liberia (USD, LRD) or
 * Rwanda (RWF). No callbacks: the reconciler polls `/v1/status/collection/{reference_id}`.
 *
 * @example
 * ```ts
 * const dollr = createDollrAdapter({ baseUrl: 'http://127.0.0.1:8080/sandbox/dollr',
 *   clientId: 'dollr-sandbox-client', clientSecret: 'dollr-sandbox-secret', sandbox: true });
 * dollr.methods.collection?.phone?.pattern.test('231881234567'); // true
 * ```
 */
export function createDollrAdapter(options: DollrOptions): DollrAdapter {
  const client = createDollrClient(options);
  const payers = createPayerDirectory(client);
  const collection = collectionMethod({ client, payers, feeBearer: options.feeBearer ?? 'PAYER' });
  const payouts = payoutMethod({
    client,
    payers,
    passcode: options.payoutPasscode,
    device: { name: 'momo-checkout', type: 'SERVER', platform: 'NODE', user_agent: 'momo-checkout/1.0', client_ip: options.serverIp ?? '127.0.0.1' },
  });

  function check(method: string): void {
    if (method !== METHOD) throw new ProviderError('rejected', 'UNSUPPORTED_METHOD', `Dollr has no method "${method}".`);
  }

  return {
    id: 'dollr',
    // The receipt is Dollr's page of the paid invoice, which may not be ready with the payment.
    methods: { [METHOD]: { currencies: CURRENCIES, amount: AMOUNTS, phone: PHONE, receiptMayFollow: true } },
    countries: COUNTRIES,
    operationFor(method) {
      check(method);
      return 'dollr.collection';
    },

    create(input) {
      check(input.checkout.method);
      return collection.create(input);
    },

    pay(input) {
      check(input.checkout.method);
      return collection.pay(input);
    },

    async fetchStatus(checkout) {
      if (!checkout.providerReference) return undefined;
      return collection.status({ ...checkout, providerReference: checkout.providerReference });
    },

    callbackReference() {
      throw new ProviderError('rejected', 'NO_CALLBACKS', 'Dollr sends no callbacks; its payments are followed by polling.');
    },

    cancel: (checkout) => collection.cancel(checkout),

    // A lapsed push leaves its invoice payable (ACTIVE again): withdrawn as the push ends.
    withdrawEnded: (checkout, endedReference) => collection.withdrawEnded(checkout, endedReference),

    payouts: {
      currencies: CURRENCIES,
      phone: PHONE,
      send: async (input) => asPayoutStatus((await payouts.payout(input)).status),
      fetchStatus: async (referenceId) => {
        const status = await payouts.payoutStatus(referenceId);
        return status && asPayoutStatus(status);
      },
    },

    payout: (input) => payouts.payout(input),
    payoutStatus: (referenceId) => payouts.payoutStatus(referenceId),

    sandbox: options.sandbox
      ? {
          async act(checkout, action) {
            if (!checkout.providerReference) {
              throw new ProviderError('rejected', 'NOTHING_TO_ACT_ON', "Dollr has nothing for this checkout yet (the payer's phone comes first).");
            }
            const { referenceId } = parseReference(checkout.providerReference);
            const response = await client.control('POST', `/collections/${encodeURIComponent(referenceId)}/${action}`);
            if (response.status >= 300) throw errorFrom(response, `${action} the collection`);
          },
        }
      : undefined,
  };
}

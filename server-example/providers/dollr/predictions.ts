import type { PushFee } from '../../../contract';
import { MINOR_UNITS } from '../../money';
import { ProviderError } from '../types';
import { errorFrom, type DollrClient } from './client';
import type { FeeBearer, MmoInfoBody, OperationType, PredictionBody } from './wire';

/** The payer's wallet as Dollr routes it. */
export interface Wallet {
  method: string;
  provider: string;
  carrier: string;
  currencies: readonly string[];
}

/** `GET /v1/predictions/mmo-provider-info`: which operator, method and routing provider a phone belongs to. */
export async function detectWallet(client: DollrClient, phone: string, operation: OperationType): Promise<Wallet> {
  const query = new URLSearchParams({ phone, operation_type: operation });
  const response = await client.call<MmoInfoBody>('GET', `/v1/predictions/mmo-provider-info?${query}`);
  if (response.status === 422 || response.status === 404) {
    throw new ProviderError('rejected', 'UNSUPPORTED_PHONE', 'Dollr does not reach a mobile money wallet at this number; check it or use another.');
  }
  if (response.status !== 200 || typeof response.body?.payment_method !== 'string') throw errorFrom(response, "identify the phone's operator");
  const body = response.body;
  return { method: body.payment_method, provider: body.gateway_provider, carrier: body.carrier, currencies: Array.isArray(body.currencies) ? body.currencies : [] };
}

const toMinor = (amount: string, currency: string): bigint | undefined => {
  const units = MINOR_UNITS[currency] ?? 0;
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return undefined;
  const fraction = (match[2] ?? '').padEnd(units, '0');
  if (fraction.length > units && /[1-9]/.test(fraction.slice(units))) return undefined;
  return BigInt(match[1]!) * 10n ** BigInt(units) + BigInt(fraction.slice(0, units) || '0');
};

const fromMinor = (minor: bigint, currency: string): string => {
  const units = MINOR_UNITS[currency] ?? 0;
  if (units === 0) return minor.toString();
  const text = minor.toString().padStart(units + 1, '0');
  return `${text.slice(0, -units)}.${text.slice(-units)}`;
};

/**
 * `GET /v1/predictions/amount-and-fees`: what the payer pays on top of `amount` (fee bearer
 * PAYER) and in all, in the checkout's minor units, e.g. `{ amount: '0.80', currency: 'USD',
 * payerAmount: '20.80' }`; undefined when nothing is added or Dollr cannot say.
 */
export async function feeForPayer(
  client: DollrClient,
  input: { amount: string; currency: string; method: string; provider: string; feeBearer: FeeBearer; operation: OperationType },
): Promise<PushFee | undefined> {
  const query = new URLSearchParams({
    base_amount: input.amount,
    base_currency: input.currency,
    target_currency: input.currency,
    payment_method: input.method,
    operation_type: input.operation,
    provider: input.provider,
    fee_bearer: input.feeBearer,
  });
  const response = await client.call<PredictionBody>('GET', `/v1/predictions/amount-and-fees?${query}`);
  if (response.status !== 200 || typeof response.body?.payer_amount !== 'string') return undefined;
  if (response.body.payer_currency !== input.currency) return undefined;
  const paid = toMinor(response.body.payer_amount, input.currency);
  const base = toMinor(input.amount, input.currency);
  if (paid === undefined || base === undefined || paid <= base) return undefined;
  return { amount: fromMinor(paid - base, input.currency), currency: input.currency, payerAmount: fromMinor(paid, input.currency) };
}

/**
 * `GET /collection/v1_0/account/balance`: the collection account's balance, MTN's shape
 * `{availableBalance, currency}`, behind the same gateway checks as the other collection calls.
 * Mounted at `/collection/v1_0`.
 */
import { Hono } from 'hono';
import { bearerToken, targetEnvironment, type CollectionEnv } from './auth';
import type { SandboxState } from './state';
import { ENVIRONMENT_CURRENCY, MINOR_UNITS } from './wire';

/** An amount as MTN sends it ("12.50") in minor units, exactly. */
function toMinor(amount: string, minorUnits: number): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 10n ** BigInt(minorUnits) + BigInt(fraction.padEnd(minorUnits, '0') || '0');
}

function fromMinor(minor: bigint, minorUnits: number): string {
  if (minorUnits === 0) return minor.toString();
  const digits = minor.toString().padStart(minorUnits + 1, '0');
  return `${digits.slice(0, -minorUnits)}.${digits.slice(-minorUnits)}`;
}

export function createBalanceApi(state: SandboxState): Hono<CollectionEnv> {
  const api = new Hono<CollectionEnv>();
  api.use('/account/balance', bearerToken(state), targetEnvironment());

  // What the API user collected in this environment: every invoice and push that succeeded (our choice: the account starts empty).
  api.get('/account/balance', (c) => {
    const environment = c.var.targetEnvironment;
    const currency = ENVIRONMENT_CURRENCY[environment] ?? '';
    const minorUnits = MINOR_UNITS[currency] ?? 0;
    const collected = [...state.listInvoices(), ...state.pushes.list('requesttopay'), ...state.pushes.list('payment')].filter(
      (entry) => entry.status === 'SUCCESSFUL' && entry.apiUser === c.var.apiUser.id && entry.targetEnvironment === environment,
    );
    const total = collected.reduce((sum, entry) => sum + toMinor(entry.amount, minorUnits), 0n);
    return c.json({ availableBalance: fromMinor(total, minorUnits), currency }, 200);
  });

  return api;
}

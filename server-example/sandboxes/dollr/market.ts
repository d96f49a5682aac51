/**
 * What the sandbox knows about Dollr's markets (reference/payments-by-market.md): methods,
 * routing providers, the currencies of each market, and (our choice, see README) the phone
 * prefixes and fees it uses to emulate `/v1/predictions/*`.
 */

export const METHODS = ['MTN_MOMO_LBR', 'ORANGE_MONEY_LBR', 'AIRTEL_RWA', 'MTN_MOMO_RWA', 'ORANGE_MONEY_RWA', 'CREDIT_CARD', 'WALLET'] as const;
export const PROVIDERS = ['PAWAPAY', 'STRIPE', 'PLATFORM'] as const;
export const OPERATION_TYPES = ['COLLECTION', 'PAYOUT', 'TRANSFER', 'REFUND'] as const;
export const FEE_BEARERS = ['PAYER', 'PAYEE'] as const;
export const OWNER_TYPES = ['USER', 'MICRO_ORGANIZATION', 'ORGANIZATION'] as const;
export const SOURCE_TYPES = ['INVOICE', 'ORDER', 'SUBSCRIPTION'] as const;
export const RELATIONSHIP_TYPES = ['CUSTOMER', 'FRIEND', 'DONOR', 'DONEE', 'FAMILY', 'EMPLOYEE', 'SUPPLIER', 'CONTACT', 'SERVICE_PROVIDER', 'PARTNER', 'BENEFICIARY', 'OTHER'] as const;

export type Method = (typeof METHODS)[number];
export type Provider = (typeof PROVIDERS)[number];

/** The routing provider of each method (payments-by-market.md, "Method matrix"). */
export const PROVIDER_OF: Readonly<Record<Method, Provider>> = {
  MTN_MOMO_LBR: 'PAWAPAY',
  ORANGE_MONEY_LBR: 'PAWAPAY',
  AIRTEL_RWA: 'PAWAPAY',
  MTN_MOMO_RWA: 'PAWAPAY',
  ORANGE_MONEY_RWA: 'PAWAPAY',
  CREDIT_CARD: 'STRIPE',
  WALLET: 'PLATFORM',
};

/** Decimals of the currencies Dollr names (LRD and USD in Liberia, RWF in Rwanda). */
export const DECIMALS: Readonly<Record<string, number>> = { USD: 2, LRD: 2, RWF: 0 };

interface Operator {
  carrier: string;
  country: string;
  method: Method;
  currencies: readonly string[];
}

/**
 * Mobile prefixes (E.164 without +): Liberia 231 + 77 (Orange), 88 / 55 (Lonestar Cell MTN);
 * Rwanda 250 + 78 / 79 (MTN), 72 / 73 (Airtel). Orange Money Rwanda has no live prefix: never detected.
 */
const OPERATORS: readonly { pattern: RegExp; operator: Operator }[] = [
  { pattern: /^231(88|55)\d{7}$/, operator: { carrier: 'MTN', country: 'LR', method: 'MTN_MOMO_LBR', currencies: ['USD', 'LRD'] } },
  { pattern: /^23177\d{7}$/, operator: { carrier: 'Orange', country: 'LR', method: 'ORANGE_MONEY_LBR', currencies: ['USD', 'LRD'] } },
  { pattern: /^2507[89]\d{7}$/, operator: { carrier: 'MTN', country: 'RW', method: 'MTN_MOMO_RWA', currencies: ['RWF'] } },
  { pattern: /^2507[23]\d{7}$/, operator: { carrier: 'Airtel', country: 'RW', method: 'AIRTEL_RWA', currencies: ['RWF'] } },
];

export function operatorOf(phone: string): Operator | undefined {
  return OPERATORS.find((entry) => entry.pattern.test(phone))?.operator;
}

/** The currencies a method's wallets hold. */
export function currenciesOf(method: Method): readonly string[] {
  if (method.endsWith('_LBR')) return ['USD', 'LRD'];
  if (method.endsWith('_RWA')) return ['RWF'];
  return Object.keys(DECIMALS);
}

/** Our fee schedule (Dollr's is per merchant tier and not public): gateway and platform, in percent. */
const GATEWAY_PERCENT: Readonly<Record<Provider, Readonly<Record<string, number>>>> = {
  PAWAPAY: { COLLECTION: 3, PAYOUT: 2, TRANSFER: 0, REFUND: 0 },
  STRIPE: { COLLECTION: 2.9, PAYOUT: 2.9, TRANSFER: 0, REFUND: 0 },
  PLATFORM: { COLLECTION: 0, PAYOUT: 0, TRANSFER: 0, REFUND: 0 },
};
/** Collections cost what the payer's operator charges: not the same for every wallet, so a fee shown before the phone may change. */
const COLLECTION_PERCENT_BY_METHOD: Readonly<Partial<Record<Method, number>>> = {
  MTN_MOMO_LBR: 3,
  ORANGE_MONEY_LBR: 3.5,
  MTN_MOMO_RWA: 3,
  AIRTEL_RWA: 2.5,
  ORANGE_MONEY_RWA: 3.5,
};
const PLATFORM_PERCENT = 1;
const FX_PERCENT = 1;
/** Units of the second currency per unit of the first. */
const FX_RATES: Readonly<Record<string, number>> = { 'USD>LRD': 190, 'LRD>USD': 1 / 190 };

export const toMinor = (amount: number, currency: string) => Math.round(amount * 10 ** (DECIMALS[currency] ?? 2));
export const fromMinor = (minor: number, currency: string) => minor / 10 ** (DECIMALS[currency] ?? 2);
export const format = (minor: number, currency: string) => fromMinor(minor, currency).toFixed(DECIMALS[currency] ?? 2);
const percentOf = (minor: number, percent: number) => Math.round((minor * percent) / 100);

export interface Prediction {
  payer_amount: string;
  payer_currency: string;
  payee_amount: string;
  payee_currency: string;
  platform_fee: string;
  platform_currency: string;
  fx_fee: string | null;
  gateway_fee: string | null;
  gateway_currency: string | null;
  /** Not on the wire: the same in minor units, for executions. */
  minor: { payer: number; payee: number; fees: number };
}

/**
 * The amounts of one operation: fees are computed in the target (payee) currency; with
 * fee bearer PAYER they come on top of what the payer pays, with PAYEE off what the payee gets.
 * Undefined when the currency pair has no rate.
 */
export function predict(input: {
  baseAmount: number;
  baseCurrency: string;
  targetCurrency: string;
  provider: Provider;
  method?: Method;
  operationType: string;
  feeBearer: string;
}): Prediction | undefined {
  const { baseCurrency, targetCurrency } = input;
  const rate = baseCurrency === targetCurrency ? 1 : FX_RATES[`${baseCurrency}>${targetCurrency}`];
  if (rate === undefined) return undefined;
  const base = toMinor(input.baseAmount * rate, targetCurrency);
  const byMethod = input.operationType === 'COLLECTION' && input.method ? COLLECTION_PERCENT_BY_METHOD[input.method] : undefined;
  const gateway = percentOf(base, byMethod ?? GATEWAY_PERCENT[input.provider][input.operationType] ?? 0);
  const platform = percentOf(base, PLATFORM_PERCENT);
  const fx = rate === 1 ? 0 : percentOf(base, FX_PERCENT);
  const fees = gateway + platform + fx;
  const payerInTarget = input.feeBearer === 'PAYER' ? base + fees : base;
  const payee = input.feeBearer === 'PAYER' ? base : base - fees;
  // The payer pays in the base currency, the payee receives the target currency.
  const payer = toMinor(fromMinor(payerInTarget, targetCurrency) / rate, baseCurrency);
  return {
    payer_amount: format(payer, baseCurrency),
    payer_currency: baseCurrency,
    payee_amount: format(payee, targetCurrency),
    payee_currency: targetCurrency,
    platform_fee: format(platform, targetCurrency),
    platform_currency: targetCurrency,
    fx_fee: fx ? format(fx, targetCurrency) : null,
    gateway_fee: gateway ? format(gateway, targetCurrency) : null,
    gateway_currency: gateway ? targetCurrency : null,
    minor: { payer, payee, fees },
  };
}

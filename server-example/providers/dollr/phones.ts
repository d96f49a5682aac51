import type { PhoneRule } from '../types';

/**
 * Dollr's markets (reference/payments-by-market.md; its methods are `*_LBR` and `*_RWA`):
 * Liberia (USD, LRD) and Rwanda (RWF), phones in E.164 without `+`. The patterns only gate what
 * the payer may type, after the backend has read national forms ("088 123 4567", "0781 234 567");
 * which operator a number belongs to is Dollr's word (`/v1/predictions/mmo-provider-info`).
 */

export interface Market {
  country: 'LR' | 'RW';
  currencies: readonly string[];
  pattern: RegExp;
  example: string;
  /** The operators whose wallets Dollr reaches there: names, which the element phrases ("MTN or Orange"). */
  operators: readonly string[];
  /** The method whose fees stand for the market's before the payer's operator is known. */
  defaultMethod: string;
}

export const MARKETS: readonly Market[] = [
  // Orange 077, Lonestar Cell MTN 088 / 055.
  { country: 'LR', currencies: ['USD', 'LRD'], pattern: /^231(?:77|88|55)\d{7}$/, example: '231881234567', operators: ['MTN', 'Orange'], defaultMethod: 'MTN_MOMO_LBR' },
  // MTN 078 / 079, Airtel 072 / 073.
  { country: 'RW', currencies: ['RWF'], pattern: /^2507[2389]\d{7}$/, example: '250781234567', operators: ['MTN', 'Airtel'], defaultMethod: 'MTN_MOMO_RWA' },
];

export const CURRENCIES: readonly string[] = MARKETS.flatMap((market) => market.currencies);

/** The country of a checkout in each currency (ProviderAdapter.countries): USD and LRD → LR, RWF → RW. */
export const COUNTRIES: Readonly<Record<string, string>> = Object.fromEntries(MARKETS.flatMap((market) => market.currencies.map((currency) => [currency, market.country])));

/** Any number of any market (what `POST /v1/session/pay` accepts). */
export const ANY_MARKET_PHONE = new RegExp(`^(?:${MARKETS.map((market) => market.pattern.source.slice(1, -1)).join('|')})$`);

/** Numbers of either market, narrowed to the checkout's country: a Rwandan checkout takes no Liberian number. */
export const PHONE: PhoneRule = {
  pattern: ANY_MARKET_PHONE,
  example: MARKETS[0]!.example,
  byCountry: Object.fromEntries(MARKETS.map((market) => [market.country, { pattern: market.pattern, example: market.example }])),
};

export const marketOfCurrency = (currency: string) => MARKETS.find((market) => market.currencies.includes(currency));
export const marketOfPhone = (phone: string) => MARKETS.find((market) => market.pattern.test(phone));

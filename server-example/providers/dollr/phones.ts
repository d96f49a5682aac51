/**
 * Dollr's markets (reference/payments-by-market.md): Liberia (USD, LRD) and Rwanda (RWF),
 * phones in E.164 without `+`. The patterns only gate what the payer may type; which
 * operator a number belongs to is Dollr's word (`/v1/predictions/mmo-provider-info`).
 */

export interface Market {
  country: 'LR' | 'RW';
  currencies: readonly string[];
  pattern: RegExp;
  example: string;
  /** The wallets Dollr reaches there, for the payer. */
  operators: string;
  /** The method whose fees stand for the market's before the payer's operator is known. */
  defaultMethod: string;
}

export const MARKETS: readonly Market[] = [
  // Orange 077, Lonestar Cell MTN 088 / 055.
  { country: 'LR', currencies: ['USD', 'LRD'], pattern: /^231(?:77|88|55)\d{7}$/, example: '231881234567', operators: 'MTN or Orange', defaultMethod: 'MTN_MOMO_LBR' },
  // MTN 078 / 079, Airtel 072 / 073.
  { country: 'RW', currencies: ['RWF'], pattern: /^2507[2389]\d{7}$/, example: '250781234567', operators: 'MTN or Airtel', defaultMethod: 'MTN_MOMO_RWA' },
];

export const CURRENCIES: readonly string[] = MARKETS.flatMap((market) => market.currencies);

/** Any number of any market (what `POST /v1/session/pay` accepts). */
export const ANY_MARKET_PHONE = new RegExp(`^(?:${MARKETS.map((market) => market.pattern.source.slice(1, -1)).join('|')})$`);

export const marketOfCurrency = (currency: string) => MARKETS.find((market) => market.currencies.includes(currency));
export const marketOfPhone = (phone: string) => MARKETS.find((market) => market.pattern.test(phone));

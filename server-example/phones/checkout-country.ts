import type { PhoneRule, ProviderAdapter } from '../providers/types';
import type { CheckoutPhoneRule } from './read';

type Providers = ReadonlyMap<string, Pick<ProviderAdapter, 'countries' | 'methods'>>;
type Where = { provider: string; currency: string };

/** The country of a checkout (or payout) in `currency` with `adapter`, as the provider declares it. */
export function countryIn(adapter: Pick<ProviderAdapter, 'countries'> | undefined, currency: string): string | undefined {
  const countries = adapter?.countries;
  return countries && Object.hasOwn(countries, currency) ? countries[currency] : undefined;
}

/** ISO 3166-1 alpha-2 country of a checkout: from its provider and currency (and so, for MTN, its target environment). */
export function checkoutCountry(providers: Providers, checkout: Where): string | undefined {
  return countryIn(providers.get(checkout.provider), checkout.currency);
}

/** `rule` in `country`: narrowed to it where the provider reaches several countries (Dollr). */
export function ruleIn(rule: PhoneRule, country: string | undefined): CheckoutPhoneRule {
  const narrowed = country && rule.byCountry && Object.hasOwn(rule.byCountry, country) ? rule.byCountry[country]! : rule;
  return { ...(country ? { country } : {}), pattern: narrowed.pattern, example: narrowed.example };
}

/** The numbers a push checkout takes from its payer; undefined when its method has no push. */
export function checkoutPhoneRule(providers: Providers, checkout: Where & { method: string }): CheckoutPhoneRule | undefined {
  const methods = providers.get(checkout.provider)?.methods;
  const rule = methods && Object.hasOwn(methods, checkout.method) ? methods[checkout.method]?.phone : undefined;
  return rule && ruleIn(rule, checkoutCountry(providers, checkout));
}

import type { PhoneRule } from '../types';

/**
 * MTN MoMo wallet numbers per target environment, as the payer types them after the backend
 * strips `+`, spaces and dashes: country code first, then MTN's mobile prefixes from each
 * national numbering plan. MTN publishes none of this; the prefixes are our reading of the
 * numbering plans and may lag new ranges (UNVERIFIED). `sandbox` takes MTN's test numbers
 * 46733123450–46733123459 (docs/providers.md, "MTN MoMo", "Test numbers") and MTN Uganda numbers;
 * its example is Ugandan, as its payers are read (COUNTRY_BY_ENVIRONMENT).
 */
export const PHONE_BY_ENVIRONMENT: Readonly<Record<string, PhoneRule>> = {
  sandbox: { pattern: /^(?:4673312345\d|256(?:7[678]|39)\d{7})$/, example: '256772123456' },
  mtnuganda: { pattern: /^256(?:7[678]|39)\d{7}$/, example: '256772123456' },
  mtnghana: { pattern: /^233(?:2[45]|5[3459])\d{7}$/, example: '233241234567' },
  mtnzambia: { pattern: /^260(?:96|76)\d{7}$/, example: '260961234567' },
  mtncameroon: { pattern: /^237(?:67\d|65[0-4]|68\d)\d{6}$/, example: '237671234567' },
  mtncongo: { pattern: /^24206\d{7}$/, example: '242061234567' },
  mtnbenin: { pattern: /^229(?:01)?(?:5[1-4]|6[1-9]|9[0167])\d{6}$/, example: '2290196123456' },
  mtnivorycoast: { pattern: /^22505\d{8}$/, example: '2250501234567' },
  mtnliberia: { pattern: /^231(?:88|55)\d{7}$/, example: '231881234567' },
  mtnswaziland: { pattern: /^2687[689]\d{6}$/, example: '26876123456' },
  mtnguineaconakry: { pattern: /^22466\d{7}$/, example: '224661234567' },
  mtnsouthafrica: { pattern: /^27(?:6[0-9]|7[0-9]|8[1-4])\d{7}$/, example: '27831234567' },
};

/** Any country's MSISDN, for a target environment this table does not know. */
export const ANY_MSISDN: PhoneRule = { pattern: /^[1-9]\d{7,14}$/, example: '256772123456' };

export function phoneRuleFor(targetEnvironment: string): PhoneRule {
  return PHONE_BY_ENVIRONMENT[targetEnvironment] ?? ANY_MSISDN;
}

/**
 * The country of each target environment: whose national forms its payers type. MTN's `sandbox`
 * has no market of its own (EUR only; its test numbers 46733123450–9 are no African country's):
 * it is read as Uganda, the market the sandbox defaults imitate (payee 256772123456, the USSD
 * string *165*3*…#), so a payer there types what an MTN Uganda payer would. The test numbers
 * are still taken as they are: they fit the sandbox's pattern.
 */
export const COUNTRY_BY_ENVIRONMENT: Readonly<Record<string, string>> = {
  sandbox: 'UG',
  mtnuganda: 'UG',
  mtnghana: 'GH',
  mtnzambia: 'ZM',
  mtncameroon: 'CM',
  mtncongo: 'CG',
  mtnbenin: 'BJ',
  mtnivorycoast: 'CI',
  mtnliberia: 'LR',
  mtnswaziland: 'SZ',
  mtnguineaconakry: 'GN',
  mtnsouthafrica: 'ZA',
};

/** Each currency of the target environment → its country (ProviderAdapter.countries); none for an environment this table does not know. */
export function countriesFor(targetEnvironment: string, currencies: readonly string[]): Readonly<Record<string, string>> {
  const country = Object.hasOwn(COUNTRY_BY_ENVIRONMENT, targetEnvironment) ? COUNTRY_BY_ENVIRONMENT[targetEnvironment] : undefined;
  return country ? Object.fromEntries(currencies.map((currency) => [currency, country])) : {};
}

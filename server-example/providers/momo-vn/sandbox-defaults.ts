export interface MomoVnCredential {
  partnerCode: string;
  accessKey: string;
  secretKey: string;
}

/**
 * MoMo's public test sets from its sample code (docs/providers.md, "MoMo Vietnam"); the first is
 * the default against our sandbox, which accepts them all (its one copy: sandboxes/momo-vn/wire.ts
 * re-exports this). Anyone can sign with them: refused in production.
 */
export const PUBLIC_TEST_CREDENTIALS: readonly MomoVnCredential[] = [
  { partnerCode: 'MOMO', accessKey: 'F8BBA842ECF85', secretKey: 'K951B6PE1waDMi640xX08PD3vg6EkVlz' },
  { partnerCode: 'MOMOBKUN20180529', accessKey: 'klm05TvNBzhg7h7j', secretKey: 'at67qH6mk8w5Y1nAyMoYKMWACiEi2bsa' },
  { partnerCode: 'MOMOIQA420180417', accessKey: 'SvDmj2cOTYZmQQ3H', secretKey: 'PPuDXq1KowPT1ftR8DvlQTHhC03aul17' },
  { partnerCode: 'MOMOTUEN20190312', accessKey: 'ZjF6taKUohp7iN8l', secretKey: 'KqBEecvaJf1nULnhPF5htpG3AMtDIOlD' },
];

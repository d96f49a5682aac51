import { z } from 'zod';
import { checkAmount, MINOR_UNITS } from '../money';
import { MerchantReference } from './reference';

const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'expected a decimal string in major units, e.g. "1500" or "12.50"');

/** No method keeps a payment open longer than this: past it the body is malformed (400), below it the method decides (422). */
const MAX_EXPIRES_IN_SECONDS = 365 * 24 * 3600;

const Payer = z.strictObject({
  // Shaped only: read in the checkout's country and stored as international digits at create (phones/read.ts).
  phone: z
    .string()
    .max(32)
    .regex(/^\s*\+?[\d(][\d\s\-.()/]*$/, 'expected a phone number, e.g. "+256 772 123 456" or "0772 123 456"')
    .optional(),
  name: z.string().min(1).max(120).optional(),
  email: z.email().optional(),
  taxId: z.string().min(1).max(40).optional(),
});

const Item = z.strictObject({
  name: z.string().min(1).max(120),
  quantity: z.int().positive().max(100_000),
  unitAmount: decimal,
  taxRate: z.number().min(0).max(100).optional(),
});

/** `POST /v1/checkouts` (docs/architecture.md, "Merchant routes"). */
export const CreateCheckoutBody = z
  .strictObject({
    provider: z.string().min(1).max(40),
    method: z.string().min(1).max(40),
    amount: decimal,
    currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "UGX"'),
    reference: MerchantReference,
    description: z.string().min(1).max(160).optional(),
    payer: Payer.optional(),
    items: z.array(Item).min(1).max(50).optional(),
    expiresInSeconds: z
      .int()
      .min(60)
      .max(MAX_EXPIRES_IN_SECONDS)
      .optional()
      .describe(
        'How long the checkout stays payable (default 15 minutes). Each method allows its own longest window: 7 days unless it says more ' +
          '(MTN invoice 30 days) or less (a Mom Factura reference: its due date); more is refused with 422 EXPIRY_TOO_LONG.',
      ),
    locale: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'expected a language tag such as "en" or "pt-AO"')
      .optional(),
    metadata: z
      .record(z.string().min(1).max(40), z.string().max(500))
      .refine((value) => Object.keys(value).length <= 20, 'at most 20 keys')
      .optional(),
  })
  .superRefine((body, ctx) => {
    const problem = checkAmount(body.amount, body.currency);
    if (problem === 'UNSUPPORTED_CURRENCY') ctx.addIssue({ code: 'custom', path: ['currency'], message: `${body.currency} is not supported` });
    if (problem === 'INVALID_AMOUNT') {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: `not a valid positive ${body.currency} amount (${MINOR_UNITS[body.currency] ?? 0} decimals at most)` });
    }
    body.items?.forEach((item, index) => {
      if (checkAmount(item.unitAmount, body.currency) === 'INVALID_AMOUNT') {
        ctx.addIssue({ code: 'custom', path: ['items', index, 'unitAmount'], message: `not a valid ${body.currency} amount` });
      }
    });
    if (!problem && body.items && totalOf(body.items, body.currency) !== toMinor(body.amount, body.currency)) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must equal the sum of quantity × unitAmount over items' });
    }
  });

export type CreateCheckoutBody = z.infer<typeof CreateCheckoutBody>;

/** `POST /v1/session/pay`, from the payer's browser. */
export const PayBody = z.strictObject({
  phone: z.string().min(6).max(20),
  /** The fee the page showed the payer, when it shows one (Dollr): the payer agrees to that, no other. */
  fee: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,4})?$/, 'expected a decimal string in major units, e.g. "0.80"')
    .optional(),
});

/** A push instruction's `fee` as the element may see it: amounts its currency can hold (contract PushFee). */
export const PushFee = z
  .strictObject({
    amount: decimal,
    currency: z.string().regex(/^[A-Z]{3}$/),
    payerAmount: decimal.optional(),
  })
  .superRefine((fee, ctx) => {
    for (const field of ['amount', 'payerAmount'] as const) {
      const value = fee[field];
      if (value !== undefined && checkAmount(value, fee.currency)) ctx.addIssue({ code: 'custom', path: [field], message: `not a valid ${fee.currency} amount` });
    }
  });

/** A push instruction's `phoneExample` as the element may see it: digits only, as the payer types them. */
export const PhoneExample = z.string().regex(/^\d{6,15}$/, 'expected a phone number, digits only');

/** A push instruction's `operators` as the element may see them: a few short names. */
export const Operators = z.array(z.string().min(1).max(40)).min(1).max(6);

function toMinor(amount: string, currency: string): bigint {
  const units = MINOR_UNITS[currency] ?? 0;
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 10n ** BigInt(units) + BigInt(fraction.padEnd(units, '0') || '0');
}

function totalOf(items: { quantity: number; unitAmount: string }[], currency: string): bigint {
  return items.reduce((sum, item) => sum + toMinor(item.unitAmount, currency) * BigInt(item.quantity), 0n);
}

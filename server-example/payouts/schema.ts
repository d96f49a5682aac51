import { z } from 'zod';
import { checkAmount, MINOR_UNITS } from '../money';

/**
 * `POST /v1/payouts`. The phone is only shaped here: whether the provider pays out to it is
 * the provider's declared pattern (422 INVALID_PHONE), and so are its currencies.
 */
export const CreatePayoutBody = z
  .strictObject({
    provider: z.string().min(1).max(40),
    phone: z.string().min(1).max(32),
    amount: z.string().regex(/^\d+(\.\d+)?$/, 'expected a decimal string in major units, e.g. "1500" or "12.50"'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "USD"'),
    reference: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[\w.\-/#:]+$/, 'letters, digits and . - _ / # : only'),
    name: z.string().min(1).max(120).optional(),
  })
  .superRefine((body, ctx) => {
    // An unknown currency is the provider's question (422 UNSUPPORTED_CURRENCY), not a malformed body.
    if (checkAmount(body.amount, body.currency) === 'INVALID_AMOUNT') {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: `not a valid positive ${body.currency} amount (${MINOR_UNITS[body.currency] ?? 0} decimals at most)` });
    }
  });

export type CreatePayoutBody = z.infer<typeof CreatePayoutBody>;

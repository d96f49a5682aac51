import { z } from 'zod';
import { FAILURE_REASONS, STATUSES } from '../../contract';
import { RESOLUTION_OUTCOMES } from '../lifecycle/rules';
import { decodeCursor } from './cursor';
import { MerchantReference } from '../checkouts/reference';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** An instant with its offset, e.g. `2025-03-01T00:00:00Z`; compared as the store keeps times (UTC, ms). */
const instant = z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time with an offset, e.g. "2025-03-01T00:00:00Z"' }).transform((value) => new Date(value).toISOString());

const name = z.string().min(1).max(64);
const pageSize = `expected a whole number from 1 to ${MAX_PAGE_SIZE}`;

/**
 * `GET /v1/checkouts`. Filters combine (AND); the created-at range is `createdFrom` ≤ createdAt <
 * `createdTo`. The cursor carries only the position: each page repeats the filters.
 */
export const ListCheckoutsQuery = z.strictObject({
  limit: z.coerce
    .number({ error: pageSize })
    .int({ error: pageSize })
    .min(1, { error: pageSize })
    .max(MAX_PAGE_SIZE, { error: pageSize })
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Page size, 1–${MAX_PAGE_SIZE}.`),
  cursor: z
    .string()
    .max(512)
    .transform((value, ctx) => {
      const cursor = decodeCursor(value);
      if (!cursor) ctx.addIssue({ code: 'custom', message: 'not a cursor this API gave out; pass nextCursor of the page before as it is' });
      return cursor ?? z.NEVER;
    })
    .optional()
    .describe('The `nextCursor` of the page before, as it is.'),
  status: z.enum(STATUSES).optional(),
  reason: z.enum(FAILURE_REASONS).optional(),
  provider: name.optional(),
  method: name.optional(),
  reference: MerchantReference.optional().describe("The merchant's own reference, in the form it is stored (spaces and Unicode normalised as at create)."),
  createdFrom: instant.optional().describe('Created at or after this instant (inclusive).'),
  createdTo: instant.optional().describe('Created before this instant (exclusive).'),
});

export type ListCheckoutsQuery = z.infer<typeof ListCheckoutsQuery>;

/** `POST /v1/checkouts/{id}/resolve`: what a person found when they checked with the provider by hand. */
export const ResolveBody = z.strictObject({
  outcome: z.enum(RESOLUTION_OUTCOMES),
  note: z.string().trim().min(1).max(500).describe('What was checked, and with whom: kept on the checkout and its events.'),
  providerTransactionId: z.string().trim().min(1).max(100).optional().describe("The provider's id of the payment, when the person found one."),
});

export type ResolveBody = z.infer<typeof ResolveBody>;

/**
 * Control API for tests and the demo (not Mom Factura's): act as the payer, set the
 * dashboard's webhook URL, inject faults. Mounted at `/control`, no auth. Errors use the
 * wire format `{success:false, error, code}`.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { callbackFaultsFrom, callbackFaultsSchema, DEFAULT_CALLBACK_FAULTS, FAULT_COUNT, faultRoutes, MAX_LATE_MS } from '../common/faults';
import { badControl, ERRORS, paymentFinal, reply } from './errors';
import type { Outcome, PaymentRecord, SandboxState } from './state';
import { merchantTransactionId } from './webhooks';
import { readJsonBody } from './wire';

const FaultsSchema = callbackFaultsSchema(z.strictObject({ status: z.union([z.literal(500), z.literal(503)]), count: FAULT_COUNT, afterProcessing: z.boolean().optional() })).extend({
  invoiceDelayMs: z.number().int().min(0).max(MAX_LATE_MS).optional(),
});

/** MCX: how the payer's phone refused. E-kwanza / Reference: operationStatus 4 (failed) or 5 (error). */
const DeclineSchema = z.strictObject({ reason: z.enum(['rejected', 'insufficient_balance', 'invalid_number', 'failed', 'error']).optional() }).optional();

const WebhookSchema = z.strictObject({ apiKey: z.string().min(1), url: z.url({ protocol: /^https?$/ }) });

const PER_MINUTE = z.number().int().min(0).max(1_000_000);
const LimitsSchema = z.strictObject({ requestsPerMinute: PER_MINUTE.optional(), paymentsPerMinute: PER_MINUTE.optional() });

const describe = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');

/** The record plus the id the merchant holds, for assertions and the demo; no QR bytes. */
function view(payment: PaymentRecord) {
  const { qrCode, ...rest } = payment;
  return { ...rest, merchantTransactionId: merchantTransactionId(payment), hasQrCode: qrCode !== undefined };
}

export function createControlApi(state: SandboxState, options: { waitMs: number; limits: SandboxState['limits'] }): Hono {
  const api = new Hono();

  api.get('/payments', (c) => c.json({ payments: state.list().map(view) }));
  api.get('/payments/:id', (c) => {
    const payment = state.get(c.req.param('id'));
    return payment ? c.json(view(payment)) : reply(c, ERRORS.notFound);
  });

  /** An MCX push may still be on its way when the payer acts: wait for it a moment. */
  async function act(c: Context, outcome: (payment: PaymentRecord) => Outcome | string) {
    const payment = await state.await(c.req.param('id') ?? '', options.waitMs);
    if (!payment) return reply(c, ERRORS.notFound);
    const chosen = outcome(payment);
    if (typeof chosen === 'string') return reply(c, badControl(chosen));
    return state.settle(payment, chosen) ? c.json(view(payment)) : reply(c, paymentFinal(payment.state));
  }

  api.post('/payments/:id/approve', (c) => act(c, () => ({ state: 'paid' })));
  api.post('/payments/:id/expire', (c) => act(c, () => ({ state: 'expired' })));
  api.post('/payments/:id/decline', async (c) => {
    const parsed = DeclineSchema.safeParse(await readJsonBody(c.req.raw));
    if (!parsed.success) return reply(c, badControl(describe(parsed.error)));
    const reason = parsed.data?.reason;
    return act(c, (payment): Outcome | string => {
      if (payment.method === 'mcx') {
        if (reason === 'failed' || reason === 'error') return 'An MCX push is declined with rejected, insufficient_balance or invalid_number.';
        return { state: 'failed', mcxFailure: reason ?? 'rejected' };
      }
      if (reason === 'error') return { state: 'error' };
      if (reason === undefined || reason === 'failed') return { state: 'failed' };
      return 'An E-kwanza or Reference payment is declined with failed (operationStatus 4) or error (5).';
    });
  });

  // The dashboard's "Desenvolvedores" page: one webhook URL per merchant (API key).
  api.get('/webhooks', (c) => c.json({ webhooks: [...state.keys.values()].map((key) => ({ apiKey: key.key, url: key.webhookUrl ?? null })) }));
  api.put('/webhooks', async (c) => {
    const parsed = WebhookSchema.safeParse(await readJsonBody(c.req.raw));
    if (!parsed.success) return reply(c, badControl(describe(parsed.error)));
    const key = state.keys.get(parsed.data.apiKey);
    if (!key) return reply(c, ERRORS.invalidApiKey);
    key.webhookUrl = parsed.data.url;
    return c.json({ apiKey: key.key, url: key.webhookUrl });
  });

  // Mom Factura's rate limits, per key: lifted for long test runs, lowered to see a 429.
  api.get('/limits', (c) => c.json(state.limits));
  api.put('/limits', async (c) => {
    const parsed = LimitsSchema.safeParse((await readJsonBody(c.req.raw)) ?? {});
    if (!parsed.success) return reply(c, badControl(describe(parsed.error)));
    state.limits = { ...options.limits, ...parsed.data };
    return c.json(state.limits);
  });

  faultRoutes(api, state, {
    defaults: () => ({ ...DEFAULT_CALLBACK_FAULTS }),
    fromBody: async (c) => {
      const parsed = FaultsSchema.safeParse((await readJsonBody(c.req.raw)) ?? {});
      if (!parsed.success) return reply(c, badControl(describe(parsed.error)));
      const { invoiceDelayMs, ...faults } = parsed.data;
      return { ...callbackFaultsFrom(faults), ...(invoiceDelayMs ? { invoiceDelayMs } : {}) };
    },
  });

  return api;
}

/**
 * Control API for tests and the demo (not MTN's): act as the payer and inject faults.
 * Mounted at `/control`, no auth. Errors are `{code, message}` like the wire API.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { badRequest, reply, type MtnError } from './errors';
import { DEFAULT_FAULTS, toStatusBody, type InvoiceRecord, type Outcome, type SandboxState } from './state';
import { describeIssues, MTN_REASON_CODES, readJson } from './wire';

const MAX_LATE_MS = 600_000;

const FaultsSchema = z.strictObject({
  callbacks: z.enum(['deliver', 'drop', 'duplicate', 'late']).optional(),
  lateMs: z.number().int().min(0).max(MAX_LATE_MS).optional(),
  failNext: z
    .strictObject({ status: z.union([z.literal(500), z.literal(503)]), count: z.number().int().min(0).max(10_000) })
    .optional(),
});

const DeclineSchema = z.strictObject({ reason: z.enum(MTN_REASON_CODES).optional() }).optional();

const notFound: MtnError = { status: 404, body: { code: 'RESOURCE_NOT_FOUND', message: 'No invoice with that referenceId.' } };

const invoiceFinal = (invoice: InvoiceRecord): MtnError => ({
  status: 409,
  body: { code: 'INVOICE_FINAL', message: `Invoice is already ${invoice.status}; it cannot change.` },
});

/** The internal record plus what the wire API would answer, for assertions and the demo. */
function view(invoice: InvoiceRecord) {
  return { ...invoice, wire: toStatusBody(invoice) };
}

export function createControlApi(state: SandboxState): Hono {
  const api = new Hono();

  api.get('/invoices', (c) => c.json({ invoices: state.listInvoices().map(view) }));

  api.get('/invoices/:referenceId', (c) => {
    const invoice = state.getInvoice(c.req.param('referenceId'));
    return invoice ? c.json(view(invoice)) : reply(c, notFound);
  });

  /** Applies `act` to the invoice; 409 (unchanged) when it was already final. */
  const act = (c: Context, apply: (invoice: InvoiceRecord) => boolean) => {
    const invoice = state.getInvoice(c.req.param('referenceId') ?? '');
    if (!invoice) return reply(c, notFound);
    return apply(invoice) ? c.json(view(invoice)) : reply(c, invoiceFinal(invoice));
  };
  const settleWith = (outcome: Outcome) => (invoice: InvoiceRecord) => state.settle(invoice, outcome);

  api.post('/invoices/:referenceId/pending', (c) => act(c, (invoice) => state.markPending(invoice)));
  api.post('/invoices/:referenceId/approve', (c) => act(c, settleWith({ status: 'SUCCESSFUL' })));
  api.post('/invoices/:referenceId/expire', (c) => act(c, settleWith({ status: 'FAILED', reason: 'EXPIRED' })));
  api.post('/invoices/:referenceId/decline', async (c) => {
    const json = await readJson(c.req.raw);
    if (!json.ok) return reply(c, badRequest('Request body must be JSON.'));
    const parsed = DeclineSchema.safeParse(json.value);
    if (!parsed.success) return reply(c, badRequest(describeIssues(parsed.error)));
    const reason = parsed.data?.reason ?? 'APPROVAL_REJECTED';
    return act(c, settleWith({ status: 'FAILED', reason }));
  });

  api.get('/faults', (c) => c.json(state.faults));

  // PUT replaces the whole fault set: omitted fields go back to their defaults.
  api.put('/faults', async (c) => {
    const json = await readJson(c.req.raw);
    if (!json.ok) return reply(c, badRequest('Request body must be JSON.'));
    const parsed = FaultsSchema.safeParse(json.value ?? {});
    if (!parsed.success) return reply(c, badRequest(describeIssues(parsed.error)));
    const { callbacks, lateMs, failNext } = parsed.data;
    state.faults = {
      callbacks: callbacks ?? DEFAULT_FAULTS.callbacks,
      lateMs: lateMs ?? DEFAULT_FAULTS.lateMs,
      ...(failNext && failNext.count > 0 ? { failNext: { ...failNext } } : {}),
    };
    return c.json(state.faults);
  });

  api.delete('/faults', (c) => {
    state.faults = { ...DEFAULT_FAULTS };
    return c.json(state.faults);
  });

  return api;
}

/**
 * Control API for tests and the demo (not MTN's): act as the payer and inject faults.
 * Mounted at `/control`, no auth. Errors are `{code, message}` like the wire API.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { callbackFaultsFrom, callbackFaultsSchema, DEFAULT_CALLBACK_FAULTS, FAULT_COUNT, faultRoutes } from '../common/faults';
import { badRequest, reply, type MtnError } from './errors';
import { statusBodyOf, type PushKind, type PushOutcome, type PushRecord } from './push-state';
import { toStatusBody, type InvoiceRecord, type Outcome, type SandboxState } from './state';
import { describeIssues, MTN_REASON_CODES, readJson, RTP_REASON_CODES, type RtpReasonCode } from './wire';

const FaultsSchema = callbackFaultsSchema(
  z.strictObject({
    status: z.union([z.literal(400), z.literal(500), z.literal(503)]),
    count: FAULT_COUNT,
    code: z.enum(MTN_REASON_CODES).optional(),
    afterProcessing: z.boolean().optional(),
  }),
);

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

  // The collection calls answered, oldest first: `?kind=status&referenceId=…` narrows them.
  api.get('/calls', (c) => c.json({ calls: state.calls.list({ kind: c.req.query('kind'), referenceId: c.req.query('referenceId') }) }));
  api.delete('/calls', (c) => {
    state.calls.clear();
    return c.body(null, 204);
  });

  pushControls(api, state, 'requesttopay', '/requesttopay', RTP_REASON_CODES);
  pushControls(api, state, 'payment', '/payments', MTN_REASON_CODES);

  faultRoutes(api, state, {
    defaults: () => ({ ...DEFAULT_CALLBACK_FAULTS }),
    fromBody: async (c) => {
      const json = await readJson(c.req.raw);
      if (!json.ok) return reply(c, badRequest('Request body must be JSON.'));
      const parsed = FaultsSchema.safeParse(json.value ?? {});
      if (!parsed.success) return reply(c, badRequest(describeIssues(parsed.error)));
      return callbackFaultsFrom(parsed.data);
    },
  });

  return api;
}

/**
 * `/requesttopay/{ref}/…` and `/payments/{ref}/…`: the payer approves, declines (any reason
 * the resource can carry; default APPROVAL_REJECTED) or lets the push lapse (EXPIRED).
 */
function pushControls(api: Hono, state: SandboxState, kind: PushKind, path: string, reasons: readonly [RtpReasonCode, ...RtpReasonCode[]]) {
  const missing: MtnError = { status: 404, body: { code: 'RESOURCE_NOT_FOUND', message: `No ${kind} with that referenceId.` } };
  const final = (record: PushRecord): MtnError => ({
    status: 409,
    body: { code: 'PAYMENT_FINAL', message: `The ${kind} is already ${record.status}; it cannot change.` },
  });
  const view = (record: PushRecord) => ({ ...record, wire: statusBodyOf(record) });
  const Decline = z.strictObject({ reason: z.enum(reasons).optional() }).optional();

  const act = (c: Context, outcome: PushOutcome) => {
    const record = state.pushes.get(kind, c.req.param('referenceId') ?? '');
    if (!record) return reply(c, missing);
    return state.pushes.settle(record, outcome) ? c.json(view(record)) : reply(c, final(record));
  };

  api.get(path, (c) => c.json({ [kind]: state.pushes.list(kind).map(view) }));
  api.get(`${path}/:referenceId`, (c) => {
    const record = state.pushes.get(kind, c.req.param('referenceId'));
    return record ? c.json(view(record)) : reply(c, missing);
  });
  api.post(`${path}/:referenceId/approve`, (c) => act(c, { status: 'SUCCESSFUL' }));
  api.post(`${path}/:referenceId/expire`, (c) => act(c, { status: 'FAILED', reason: 'EXPIRED' }));
  api.post(`${path}/:referenceId/decline`, async (c) => {
    const json = await readJson(c.req.raw);
    if (!json.ok) return reply(c, badRequest('Request body must be JSON.'));
    const parsed = Decline.safeParse(json.value);
    if (!parsed.success) return reply(c, badRequest(describeIssues(parsed.error)));
    return act(c, { status: 'FAILED', reason: parsed.data?.reason ?? 'APPROVAL_REJECTED' });
  });
}

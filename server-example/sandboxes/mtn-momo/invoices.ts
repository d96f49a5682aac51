/**
 * Invoice API (Collection v2_0): create, get status, cancel. See docs/providers.md, "MTN MoMo", "Invoice API".
 * Mounted at `/collection/v2_0`, behind the subscription-key and failNext middleware.
 */
import { Hono, type Context } from 'hono';
import { bearerToken, targetEnvironment, type CollectionEnv } from './auth';
import { badRequest, ERRORS, notCancellable, reply } from './errors';
import { callbackUrlHeader, isError, moneyError, referenceIdHeader } from './requests';
import { isFinal, toStatusBody, type InvoiceRecord, type SandboxState } from './state';
import { CancelInvoiceSchema, CreateInvoiceSchema, describeIssues, readJson } from './wire';

type Log = (msg: string, fields?: Record<string, unknown>) => void;
type Ctx = Context<CollectionEnv>;

/** An invoice is visible only to the API user and target environment that created it. */
function findInvoice(c: Ctx, state: SandboxState): InvoiceRecord | undefined {
  const invoice = state.getInvoice(c.req.param('referenceId') ?? '');
  if (!invoice || invoice.apiUser !== c.var.apiUser.id || invoice.targetEnvironment !== c.var.targetEnvironment) {
    return undefined;
  }
  return invoice;
}

export function createInvoiceApi(state: SandboxState, log: Log): Hono<CollectionEnv> {
  const api = new Hono<CollectionEnv>();
  // Only on invoice paths, so an unknown operation still gets APIM's 404 first.
  api.use('/invoice', bearerToken(state), targetEnvironment());
  api.use('/invoice/*', bearerToken(state), targetEnvironment());

  api.post('/invoice', async (c) => {
    const referenceId = referenceIdHeader(c);
    if (isError(referenceId)) return reply(c, referenceId);
    if (state.hasInvoice(referenceId)) return reply(c, ERRORS.alreadyExists);
    const callbackUrl = callbackUrlHeader(c, c.var.apiUser);
    if (isError(callbackUrl)) return reply(c, callbackUrl);

    const json = await readJson(c.req.raw);
    if (!json.ok) return reply(c, badRequest('Request body must be JSON.'));
    const parsed = CreateInvoiceSchema.safeParse(json.value);
    if (!parsed.success) return reply(c, badRequest(describeIssues(parsed.error)));
    const body = parsed.data;
    const money = moneyError(c, body.amount, body.currency);
    if (money) return reply(c, money);

    const invoice = state.createInvoice({
      referenceId,
      apiUser: c.var.apiUser.id,
      targetEnvironment: c.var.targetEnvironment,
      externalId: body.externalId,
      amount: body.amount,
      currency: body.currency,
      validityDurationSeconds: Number(body.validityDuration),
      ...(body.intendedPayer ? { intendedPayer: body.intendedPayer } : {}),
      payee: body.payee,
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(callbackUrl ? { callbackUrl } : {}),
    });
    log('mtn-momo sandbox: invoice created', {
      referenceId,
      paymentReference: invoice.paymentReference,
      amount: body.amount,
      currency: body.currency,
    });
    return c.body(null, 202);
  });

  api.get('/invoice/:referenceId', (c) => {
    const invoice = findInvoice(c, state);
    return invoice ? c.json(toStatusBody(invoice), 200) : reply(c, ERRORS.notFound);
  });

  api.delete('/invoice/:referenceId', async (c) => {
    const cancelId = referenceIdHeader(c);
    if (isError(cancelId)) return reply(c, cancelId);
    const callbackUrl = callbackUrlHeader(c, c.var.apiUser);
    if (isError(callbackUrl)) return reply(c, callbackUrl);
    const json = await readJson(c.req.raw);
    if (!json.ok) return reply(c, badRequest('Request body must be JSON.'));
    const parsed = CancelInvoiceSchema.optional().safeParse(json.value);
    if (!parsed.success) return reply(c, badRequest(describeIssues(parsed.error)));

    const invoice = findInvoice(c, state);
    if (!invoice) return reply(c, ERRORS.notFound);
    if (state.cancelReferenceIds.has(cancelId.toLowerCase())) return reply(c, ERRORS.alreadyExists);
    if (isFinal(invoice.status)) return reply(c, notCancellable(invoice.status));
    state.cancelReferenceIds.add(cancelId.toLowerCase());
    state.settle(invoice, { status: 'FAILED', reason: 'TRANSACTION_CANCELED.' }, callbackUrl);
    log('mtn-momo sandbox: invoice cancelled', { referenceId: invoice.referenceId });
    return c.body(null, 200);
  });

  return api;
}

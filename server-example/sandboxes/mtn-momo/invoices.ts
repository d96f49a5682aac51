/**
 * Invoice API (Collection v2_0): create, get status, cancel. PROVIDERS.md §1.6.
 * Mounted at `/collection/v2_0`, behind the subscription-key and failNext middleware.
 */
import { Hono, type Context } from 'hono';
import { bearerToken, targetEnvironment, type CollectionEnv } from './auth';
import { badRequest, ERRORS, notCancellable, reply, type MtnError } from './errors';
import { isFinal, toStatusBody, type ApiUser, type InvoiceRecord, type SandboxState } from './state';
import {
  CancelInvoiceSchema,
  CreateInvoiceSchema,
  decimalsOf,
  describeIssues,
  ENVIRONMENT_CURRENCY,
  MINOR_UNITS,
  readJson,
  UUID_V4,
} from './wire';

type Log = (msg: string, fields?: Record<string, unknown>) => void;
type Ctx = Context<CollectionEnv>;

function referenceIdHeader(c: Ctx): string | MtnError {
  const referenceId = c.req.header('X-Reference-Id');
  return referenceId && UUID_V4.test(referenceId)
    ? referenceId
    : badRequest('X-Reference-Id header must be a UUID version 4.');
}

/** The optional X-Callback-Url: its host must be the API user's providerCallbackHost. */
function callbackUrlHeader(c: Ctx, user: ApiUser): string | undefined | MtnError {
  const raw = c.req.header('X-Callback-Url');
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return badRequest('X-Callback-Url must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return badRequest('X-Callback-Url must be an absolute http(s) URL.');
  }
  return url.hostname.toLowerCase() === callbackHostOf(user) ? raw : ERRORS.callbackHost;
}

/** providerCallbackHost is a bare host, but people register URLs too: compare host names. */
function callbackHostOf(user: ApiUser): string {
  const host = user.providerCallbackHost.trim().toLowerCase();
  try {
    return new URL(host.includes('://') ? host : `http://${host}`).hostname;
  } catch {
    return host;
  }
}

const isError = (value: unknown): value is MtnError =>
  typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

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
    if (ENVIRONMENT_CURRENCY[c.var.targetEnvironment] !== body.currency) return reply(c, ERRORS.invalidCurrency);
    const minorUnits = MINOR_UNITS[body.currency] ?? 0;
    if (decimalsOf(body.amount) > minorUnits) {
      return reply(c, badRequest(`amount: ${body.currency} allows at most ${minorUnits} decimal places`));
    }

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

/**
 * RequestToPay (`/collection/v1_0/requesttopay`; docs/providers.md, "MTN MoMo") and CreatePayments
 * (`/collection/v2_0/payment`, seed 002): create (202, empty), get status (200 even when
 * FAILED), both behind the subscription-key and failNext middleware. Same checks, in the
 * same order, as the Invoice API.
 */
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { bearerToken, targetEnvironment, type CollectionEnv } from './auth';
import { badRequest, ERRORS, reply, type MtnError } from './errors';
import { toPaymentBody, toRequestToPayBody, type NewPush, type PushKind, type PushRecord } from './push-state';
import { callbackUrlHeader, isError, moneyError, referenceIdHeader } from './requests';
import type { SandboxState } from './state';
import { CreatePaymentSchema, describeIssues, readJson, RequestToPaySchema, type CreatePaymentBody, type RequestToPayBody } from './wire';

type Log = (msg: string, fields?: Record<string, unknown>) => void;
type Ctx = Context<CollectionEnv>;
type Common = Pick<NewPush, 'kind' | 'referenceId' | 'apiUser' | 'targetEnvironment' | 'callbackUrl'>;

interface PushResource<Body> {
  kind: PushKind;
  /** The collection path below the version, e.g. `/requesttopay`. */
  path: string;
  schema: z.ZodType<Body>;
  money(body: Body): { amount: string; currency: string };
  /** The push to store, or the documented error when the payer cannot be reached. */
  toPush(body: Body, common: Common): NewPush | MtnError;
  statusBody(record: PushRecord): object;
}

function pushApi<Body>(state: SandboxState, log: Log, resource: PushResource<Body>): Hono<CollectionEnv> {
  const api = new Hono<CollectionEnv>();
  const { kind, path } = resource;
  // Only on these paths, so an unknown operation still gets APIM's 404 first.
  api.use(path, bearerToken(state), targetEnvironment());
  api.use(`${path}/*`, bearerToken(state), targetEnvironment());

  api.post(path, async (c) => {
    const referenceId = referenceIdHeader(c);
    if (isError(referenceId)) return reply(c, referenceId);
    if (state.pushes.has(kind, referenceId)) return reply(c, ERRORS.alreadyExists);
    const callbackUrl = callbackUrlHeader(c, c.var.apiUser);
    if (isError(callbackUrl)) return reply(c, callbackUrl);

    const json = await readJson(c.req.raw);
    if (!json.ok) return reply(c, badRequest('Request body must be JSON.'));
    const parsed = resource.schema.safeParse(json.value);
    if (!parsed.success) return reply(c, badRequest(describeIssues(parsed.error)));
    const { amount, currency } = resource.money(parsed.data);
    const money = moneyError(c, amount, currency);
    if (money) return reply(c, money);
    const push = resource.toPush(parsed.data, {
      kind,
      referenceId,
      apiUser: c.var.apiUser.id,
      targetEnvironment: c.var.targetEnvironment,
      ...(callbackUrl ? { callbackUrl } : {}),
    });
    if (isError(push)) return reply(c, push);

    const record = state.pushes.create(push);
    log(`mtn-momo sandbox: ${kind} created`, { referenceId, amount, currency, testNumber: record.testNumber });
    return c.body(null, 202);
  });

  api.get(`${path}/:referenceId`, (c) => {
    const record = find(c, state, kind);
    return record ? c.json(resource.statusBody(record), 200) : reply(c, ERRORS.notFound);
  });

  return api;
}

/** A push is visible only to the API user and target environment that created it. */
function find(c: Ctx, state: SandboxState, kind: PushKind): PushRecord | undefined {
  const record = state.pushes.get(kind, c.req.param('referenceId') ?? '');
  if (!record || record.apiUser !== c.var.apiUser.id || record.targetEnvironment !== c.var.targetEnvironment) return undefined;
  return record;
}

/** Mounted at `/collection/v1_0`. */
export function createRequestToPayApi(state: SandboxState, log: Log): Hono<CollectionEnv> {
  return pushApi<RequestToPayBody>(state, log, {
    kind: 'requesttopay',
    path: '/requesttopay',
    schema: RequestToPaySchema,
    money: (body) => body,
    toPush: (body, common) => ({
      ...common,
      amount: body.amount,
      currency: body.currency,
      payerMsisdn: body.payer.partyId,
      externalId: body.externalId,
      payer: body.payer,
      ...(body.payerMessage !== undefined ? { payerMessage: body.payerMessage } : {}),
      ...(body.payeeNote !== undefined ? { payeeNote: body.payeeNote } : {}),
      request: body,
    }),
    statusBody: toRequestToPayBody,
  });
}

/** customerReference names the payer's wallet: an MSISDN, "+" allowed (seed 002's example is "+46070911111"). */
const CUSTOMER_MSISDN = /^\+?(\d{5,15})$/;

/** Mounted at `/collection/v2_0`. */
export function createPaymentApi(state: SandboxState, log: Log): Hono<CollectionEnv> {
  return pushApi<CreatePaymentBody>(state, log, {
    kind: 'payment',
    path: '/payment',
    schema: CreatePaymentSchema,
    money: (body) => body.money,
    toPush: (body, common) => {
      const msisdn = CUSTOMER_MSISDN.exec(body.customerReference.replace(/[\s-]/g, ''))?.[1];
      if (!msisdn) return ERRORS.payerNotFound;
      return {
        ...common,
        amount: body.money.amount,
        currency: body.money.currency,
        payerMsisdn: msisdn,
        externalId: body.externalTransactionId,
        request: body,
      };
    },
    statusBody: toPaymentBody,
  });
}

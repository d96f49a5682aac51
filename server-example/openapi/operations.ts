import { z } from 'zod';
import { CreateCheckoutBody, PayBody } from '../checkouts/schema';
import { ListCheckoutsQuery, ResolveBody } from '../operations/schema';
import { CreatePayoutBody } from '../payouts/schema';
import { ListEventsQuery, ResendEventResponse, WebhookEventPage } from '../webhooks/schema';
import { CallbackReceived, CheckoutCreated, CheckoutPage, ErrorBody, Health, MerchantCheckout, MerchantPayout, PayoutSummary, SessionView, StatusUpdateView } from './responses';

export type Auth = 'merchantKey' | 'checkoutToken';

export interface HeaderDoc {
  name: string;
  description: string;
  required?: boolean;
  schema: z.ZodType;
}

export interface ResponseDoc {
  description: string;
  body?: z.ZodType;
  /** application/json unless said. */
  contentType?: 'text/event-stream';
  headers?: HeaderDoc[];
}

/** One route as the OpenAPI document describes it; the schemas are the ones the route validates with. */
export interface OperationDoc {
  method: 'get' | 'post' | 'put';
  /** OpenAPI form: `/v1/checkouts/{id}`. */
  path: string;
  operationId: string;
  tag: 'Checkouts' | 'Operations' | 'Payouts' | 'Events' | 'Session' | 'Callbacks' | 'Service';
  summary: string;
  description?: string;
  auth?: Auth;
  pathParams?: Record<string, string>;
  query?: z.ZodObject;
  headers?: HeaderDoc[];
  body?: z.ZodType;
  responses: Record<number, ResponseDoc>;
}

/** Restates the pattern server-example/http/idempotency.ts checks, for the document only. */
const IdempotencyKey: HeaderDoc = {
  name: 'Idempotency-Key',
  required: true,
  description: 'Makes a retry safe: the same key with the same body answers the first answer again (with `Idempotent-Replayed: true`); with another body, 409. A 5xx frees the key.',
  schema: z.string().regex(/^[\x21-\x7e]{1,255}$/),
};

const replayed: HeaderDoc = { name: 'Idempotent-Replayed', description: '`true` when this is the stored answer to an earlier request with the same key.', schema: z.literal('true') };
const etag: HeaderDoc = { name: 'ETag', description: 'Changes with every status change: `"<id>.<version>"`.', schema: z.string() };
const noStore: HeaderDoc = { name: 'Cache-Control', description: '`no-store`.', schema: z.literal('no-store') };

const fails = (description: string): ResponseDoc => ({ description, body: ErrorBody });
const unauthorizedMerchant = fails('No merchant key (`API_KEY_MISSING`) or a wrong one (`API_KEY_INVALID`).');
const unauthorizedToken = fails('No checkout token, or one that is not valid here or no longer: `TOKEN_MISSING`, `TOKEN_INVALID`, `TOKEN_EXPIRED`.');
/** The element's reads: an expired but genuine token still learns a final status. */
const unauthorizedTokenRead: ResponseDoc = {
  description: `${unauthorizedToken.description} With \`TOKEN_EXPIRED\` and a final checkout, \`status\` is its final status.`,
  body: ErrorBody.extend({ status: StatusUpdateView.optional().describe('Only with `TOKEN_EXPIRED` (a genuine token) and a final checkout.') }),
};
const malformed = fails('Malformed: `INVALID_JSON`, or `VALIDATION_FAILED` with the field named in the message.');
const tooLarge = fails('`PAYLOAD_TOO_LARGE`: the body is over 64 KB.');
const checkoutId = { id: 'The checkout id (`co_…`).' };

export const OPERATIONS: readonly OperationDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tag: 'Service',
    summary: 'Liveness',
    responses: { 200: { description: 'Up.', body: Health } },
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'ready',
    tag: 'Service',
    summary: 'Readiness: the database answers and every migration is applied',
    responses: {
      200: { description: 'Ready for traffic.', body: Health },
      503: {
        description:
          "`DATABASE_NOT_READY`; `FANOUT_UNAVAILABLE` while it cannot hear other instances' status changes (its LISTEN connection is re-opening); `SHUTTING_DOWN` while the instance drains.",
        body: ErrorBody,
      },
    },
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    tag: 'Service',
    summary: 'This document',
    responses: { 200: { description: 'The OpenAPI 3.1 document of this API.', body: z.record(z.string(), z.unknown()) } },
  },
  {
    method: 'post',
    path: '/v1/checkouts',
    operationId: 'createCheckout',
    tag: 'Checkouts',
    auth: 'merchantKey',
    summary: 'Create a checkout',
    description: 'Creates the payment at the provider and answers the token the element takes. Nothing is created on a 4xx other than `PROVIDER_REJECTED`.',
    headers: [IdempotencyKey],
    body: CreateCheckoutBody,
    responses: {
      201: { description: 'Created (or the replay of an earlier create with this key).', body: CheckoutCreated, headers: [replayed] },
      400: fails('Malformed (`INVALID_JSON`, `VALIDATION_FAILED`), or `IDEMPOTENCY_KEY_REQUIRED` / `IDEMPOTENCY_KEY_INVALID`.'),
      401: unauthorizedMerchant,
      409: fails('`IDEMPOTENCY_KEY_REUSED` (another body) or `IDEMPOTENCY_KEY_IN_USE` (still being processed).'),
      413: tooLarge,
      422: fails(
        '`UNSUPPORTED_PROVIDER`, `UNSUPPORTED_METHOD`, `UNSUPPORTED_CURRENCY`, `AMOUNT_OUT_OF_RANGE`, `TAX_RATE_OUT_OF_RANGE`, `PAYER_PHONE_REQUIRED`, `INVALID_PAYER_PHONE` (payer.phone is no phone number in any form), `EXPIRY_TOO_LONG` (expiresInSeconds longer than the method allows) (nothing created); `PROVIDER_REJECTED` (the checkout exists, failed).',
      ),
      502: fails('`PROVIDER_UNAVAILABLE`: the provider failed; the checkout exists, failed; retry with the same key.'),
    },
  },
  {
    method: 'get',
    path: '/v1/checkouts',
    operationId: 'listCheckouts',
    tag: 'Operations',
    auth: 'merchantKey',
    summary: 'List checkouts',
    description:
      'Newest first (by createdAt, then id). Filters combine; `createdFrom` is inclusive, `createdTo` exclusive. Follow `nextCursor` with the same filters. `status=expired&reason=outcome_unknown` lists what needs a person.',
    query: ListCheckoutsQuery,
    responses: { 200: { description: 'One page.', body: CheckoutPage }, 400: fails('`VALIDATION_FAILED`: the message starts with the parameter.'), 401: unauthorizedMerchant },
  },
  {
    method: 'get',
    path: '/v1/checkouts/{id}',
    operationId: 'getCheckout',
    tag: 'Checkouts',
    auth: 'merchantKey',
    summary: 'A checkout, with its history',
    pathParams: checkoutId,
    responses: { 200: { description: 'The checkout.', body: MerchantCheckout }, 401: unauthorizedMerchant, 404: fails('`CHECKOUT_NOT_FOUND`.') },
  },
  {
    method: 'post',
    path: '/v1/checkouts/{id}/cancel',
    operationId: 'cancelCheckout',
    tag: 'Checkouts',
    auth: 'merchantKey',
    summary: 'Cancel a checkout',
    description: "Closes the payment at the provider, then `cancelled`. If the payer paid a moment before, the provider's word wins and the answer shows it.",
    pathParams: checkoutId,
    responses: {
      200: { description: 'The checkout as it now stands.', body: MerchantCheckout },
      401: unauthorizedMerchant,
      404: fails('`CHECKOUT_NOT_FOUND`.'),
      409: fails('`CHECKOUT_FINAL`, or `CANCEL_REFUSED` (the provider cannot withdraw it, or a push is still unanswered).'),
      502: fails('`PROVIDER_UNAVAILABLE`.'),
    },
  },
  {
    method: 'post',
    path: '/v1/checkouts/{id}/resolve',
    operationId: 'resolveCheckout',
    tag: 'Operations',
    auth: 'merchantKey',
    summary: 'Resolve an unknown outcome',
    description: 'For a person who checked with the provider by hand. Only an `outcome_unknown` checkout, once; the status stays `expired`. Sends `checkout.resolved`.',
    pathParams: checkoutId,
    body: ResolveBody,
    responses: {
      200: { description: 'The checkout with its `resolution`, and the event that recorded it.', body: MerchantCheckout },
      400: malformed,
      401: unauthorizedMerchant,
      404: fails('`CHECKOUT_NOT_FOUND`.'),
      409: fails('`CHECKOUT_NOT_UNKNOWN`: its outcome is known, or it was resolved already.'),
      413: tooLarge,
    },
  },
  {
    method: 'post',
    path: '/v1/payouts',
    operationId: 'createPayout',
    tag: 'Payouts',
    auth: 'merchantKey',
    summary: 'Send money to a wallet',
    headers: [IdempotencyKey],
    body: CreatePayoutBody,
    responses: {
      201: { description: 'Sent (status `processing` until the provider settles it), or the replay of an earlier one with this key.', body: PayoutSummary, headers: [replayed] },
      400: fails('Malformed (`INVALID_JSON`, `VALIDATION_FAILED`), or `IDEMPOTENCY_KEY_REQUIRED` / `IDEMPOTENCY_KEY_INVALID`.'),
      401: unauthorizedMerchant,
      409: fails('`IDEMPOTENCY_KEY_REUSED` or `IDEMPOTENCY_KEY_IN_USE`.'),
      413: tooLarge,
      422: fails("`UNSUPPORTED_PROVIDER`, `UNSUPPORTED_CURRENCY`, `INVALID_PHONE`, or the provider's refusal."),
      502: fails('`PROVIDER_UNAVAILABLE`: the provider has no such payout; retry with the same key.'),
    },
  },
  {
    method: 'get',
    path: '/v1/payouts/{id}',
    operationId: 'getPayout',
    tag: 'Payouts',
    auth: 'merchantKey',
    summary: 'A payout, with its history',
    pathParams: { id: 'The payout id (`po_…`).' },
    responses: { 200: { description: 'The payout.', body: MerchantPayout }, 401: unauthorizedMerchant, 404: fails('`PAYOUT_NOT_FOUND`.') },
  },
  {
    method: 'get',
    path: '/v1/events',
    operationId: 'listEvents',
    tag: 'Events',
    auth: 'merchantKey',
    summary: 'List webhook events',
    description: 'Newest first, each with its delivery state. Follow `nextCursor` with the same filters.',
    query: ListEventsQuery,
    responses: { 200: { description: 'One page.', body: WebhookEventPage }, 400: fails('`VALIDATION_FAILED` or `INVALID_CURSOR`: the message names the parameter.'), 401: unauthorizedMerchant },
  },
  {
    method: 'post',
    path: '/v1/events/{id}/resend',
    operationId: 'resendEvent',
    tag: 'Events',
    auth: 'merchantKey',
    summary: 'Send a webhook again',
    description: 'Queues the event again from the start of the retry schedule, with the same `webhook-id`.',
    pathParams: { id: 'The event id (`msg_…`), its `webhook-id`.' },
    responses: { 202: { description: 'Queued.', body: ResendEventResponse }, 401: unauthorizedMerchant, 404: fails('`EVENT_NOT_FOUND`.') },
  },
  {
    method: 'get',
    path: '/v1/session',
    operationId: 'getSession',
    tag: 'Session',
    auth: 'checkoutToken',
    summary: 'What the payer sees',
    description: "No provider ids, no payer details; no instructions once final. With the element's texts (`translation`) in the payer's language when that is not English.",
    query: z.object({ locale: z.string().optional().describe("The element's own `locale` attribute: a BCP 47 tag, wanted before the checkout's locale and `Accept-Language`.") }),
    headers: [{ name: 'Accept-Language', description: "The payer's browser's languages, after the `locale` parameter and the checkout's locale.", schema: z.string() }],
    responses: {
      200: { description: 'The session.', body: SessionView, headers: [noStore, { name: 'Vary', description: '`Accept-Language`: the texts follow it.', schema: z.string() }] },
      400: fails('`INVALID_LOCALE`: the `locale` parameter is not a BCP 47 tag.'),
      401: unauthorizedTokenRead,
    },
  },
  {
    method: 'get',
    path: '/v1/session/status',
    operationId: 'getSessionStatus',
    tag: 'Session',
    auth: 'checkoutToken',
    summary: 'The status, for polling',
    headers: [{ name: 'If-None-Match', description: 'The last `ETag` seen (weak tags and lists are accepted): unchanged → 304.', schema: z.string() }],
    responses: {
      200: { description: 'The status.', body: StatusUpdateView, headers: [etag, noStore] },
      304: { description: 'Unchanged since the `If-None-Match` tag.', headers: [etag] },
      401: unauthorizedTokenRead,
    },
  },
  {
    method: 'post',
    path: '/v1/session/pay',
    operationId: 'pay',
    tag: 'Session',
    auth: 'checkoutToken',
    summary: "Push the payment to the payer's phone",
    description:
      "For push methods. `phone` in any form people write it: national (`0772 123 456`) or international (`+256 772 123 456`, `00256…`, `256…`), read in the checkout's country. Answers within a few seconds; the outcome follows on the status.",
    body: PayBody,
    responses: {
      202: { description: 'Sent (or still being sent): the status as it stands.', body: StatusUpdateView, headers: [noStore] },
      400: fails('Malformed (`INVALID_JSON`, `VALIDATION_FAILED`), or `INVALID_PHONE` (not a number this checkout takes; the message names the forms it does).'),
      401: unauthorizedToken,
      409: {
        description:
          '`CHECKOUT_FINAL`, `PAY_NOT_SUPPORTED`, `FEE_CHANGED` (nothing sent; the session shows the fee), or `PUSH_LIVE`: a request is on the phone (or may be) and has not ended; with `status`, whose `sent` tells it.',
        body: ErrorBody.extend({ status: StatusUpdateView.optional().describe('With `PUSH_LIVE`: the status as it stands.') }),
      },
      413: tooLarge,
      422: fails("The provider's code when it refuses the number."),
      502: {
        description: '`PROVIDER_UNAVAILABLE`: it sent nothing, or did not answer (the phone may still ring: then `status.sent` is there, and another pay is `PUSH_LIVE`).',
        body: ErrorBody.extend({ status: StatusUpdateView.describe('The status as it stands.') }),
      },
    },
  },
  {
    method: 'get',
    path: '/v1/session/events',
    operationId: 'sessionEvents',
    tag: 'Session',
    auth: 'checkoutToken',
    summary: 'Status changes, live (Server-Sent Events)',
    responses: {
      200: {
        description:
          'A `status` event (`id`: the version, `data`: a StatusUpdate as JSON) now and on each change, a comment heartbeat every 15 s; closed once final (a paid checkout whose receipt is awaited stays open until it comes) or when the token stops reading. An instance shutting down sends `retry: 1000` and a `reconnect` event (`data: {"reason":"shutdown"}`) before closing: open the stream again, and another instance serves it.',
        contentType: 'text/event-stream',
        body: z.string(),
        headers: [noStore],
      },
      401: unauthorizedTokenRead,
      503: fails('`SSE_UNAVAILABLE`: live updates are off here, or this instance is shutting down; poll `/v1/session/status`, or open the stream again.'),
    },
  },
  ...(['post', 'put'] as const).map(
    (method): OperationDoc => ({
      method,
      path: '/v1/callbacks/{provider}',
      operationId: `${method}Callback`,
      tag: 'Callbacks',
      summary: `A provider's notification (${method === 'put' ? 'MTN' : 'MoMo VN, Mom Factura'})`,
      description: 'Never trusted alone: the backend asks the provider for the status of the payment it names. Known payment or not, the answer is the same.',
      pathParams: { provider: 'The provider id, e.g. `mtn-momo`.' },
      body: z.unknown().describe("The provider's own body, as it sends it."),
      responses: {
        200: { description: 'Received.', body: CallbackReceived },
        204: { description: 'Received (MoMo VN).' },
        400: fails("Malformed or badly signed, with the adapter's code (`MALFORMED_CALLBACK`, `MALFORMED_IPN`, `IPN_SIGNATURE_INVALID`, `NO_CALLBACKS`)."),
        404: fails('`UNKNOWN_PROVIDER`.'),
        413: tooLarge,
      },
    }),
  ),
];

/**
 * Mounted, yet not the API: the provider sandboxes' own wire and control APIs, and the demo's
 * merchant stand-in and pages, never in production (docs/architecture.md, "Sandboxes and demo");
 * and the site's icon, which browsers ask for on their own.
 */
// `/metrics` is Prometheus text, described by its own format rather than a JSON schema.
export const UNDOCUMENTED_PREFIXES = ['/sandbox/', '/demo/', '/favicon.ico', '/metrics'] as const;

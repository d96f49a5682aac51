import { z } from 'zod';
import { CreateCheckoutBody, PayBody } from '../checkouts/schema';
import { ResolveBody } from '../operations/schema';
import { CreatePayoutBody } from '../payouts/schema';
import { ResendEventResponse, WebhookDelivery, WebhookEventPage, WebhookEventView } from '../webhooks/schema';
import { OPERATIONS, type HeaderDoc, type OperationDoc, type ResponseDoc } from './operations';
import * as views from './responses';
import { WEBHOOK_HEADERS, WEBHOOKS } from './webhooks';

type JsonSchema = Record<string, unknown>;
type Registry = ReturnType<typeof z.registry<{ id: string }>>;

const API_VERSION = '1.0.0';

/** Request bodies are documented as clients send them (zod input), answers as they are sent (output). */
function registry(entries: Record<string, z.ZodType>): Registry {
  const named = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(entries)) named.add(schema, { id });
  return named;
}

const requests = registry({ CreateCheckoutBody, ResolveBody, PayBody, CreatePayoutBody });
const responses = registry({
  Error: views.ErrorBody,
  CheckoutCreated: views.CheckoutCreated,
  MerchantCheckoutData: views.MerchantCheckoutData,
  MerchantCheckout: views.MerchantCheckout,
  CheckoutEvent: views.CheckoutEventView,
  Resolution: views.Resolution,
  CheckoutPage: views.CheckoutPage,
  Session: views.SessionView,
  WireTranslationGroup: views.WireTranslationGroupView,
  StatusUpdate: views.StatusUpdateView,
  PayoutSummary: views.PayoutSummary,
  MerchantPayoutData: views.MerchantPayoutData,
  MerchantPayout: views.MerchantPayout,
  WebhookDelivery,
  WebhookEvent: WebhookEventView,
  WebhookEventPage,
  ResendEventResponse,
  Health: views.Health,
  CallbackReceived: views.CallbackReceived,
  ...Object.fromEntries(Object.entries(WEBHOOKS).map(([type, { payload }]) => [webhookComponent(type), payload])),
});

function webhookComponent(type: string): string {
  return `Webhook${type
    .split(/[._]/)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('')}`;
}

const ref = (id: string) => `#/components/schemas/${id}`;

const conversion = {
  target: 'draft-2020-12',
  unrepresentable: 'any',
  // `format: date-time` says it; zod's long pattern for it, on every timestamp, would only bloat the document.
  override({ jsonSchema }: { jsonSchema: JsonSchema }) {
    if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
  },
} as const;

/** Each registered schema as a component; `$schema`/`$id` dropped, the document's dialect (2020-12) applies. */
function components(named: Registry, io: 'input' | 'output'): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(named, { ...conversion, io, uri: ref });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema as JsonSchema]));
}

/** A schema on its own, inlined (headers, unnamed bodies); anything registered inside becomes a $ref. */
function inline(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const id = (io === 'input' ? requests : responses).get(schema)?.id;
  if (id) return { $ref: ref(id) };
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { ...conversion, io }) as JsonSchema;
  return rest;
}

function header(doc: HeaderDoc, io: 'input' | 'output') {
  return { description: doc.description, required: doc.required ?? false, schema: inline(doc.schema, io) };
}

/** A query object's fields as `in: query` parameters, each with the description its schema carries. */
function queryParameters(query: z.ZodObject) {
  const schema = z.toJSONSchema(query, { ...conversion, io: 'input' }) as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties).map(([name, { description, ...property }]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    ...(description ? { description } : {}),
    schema: property,
  }));
}

function response(doc: ResponseDoc) {
  return {
    description: doc.description,
    ...(doc.headers ? { headers: Object.fromEntries(doc.headers.map((h) => [h.name, header(h, 'output')])) } : {}),
    ...(doc.body ? { content: { [doc.contentType ?? 'application/json']: { schema: inline(doc.body, 'output') } } } : {}),
  };
}

function operation(doc: OperationDoc) {
  const parameters = [
    ...Object.entries(doc.pathParams ?? {}).map(([name, description]) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } })),
    ...(doc.query ? queryParameters(doc.query) : []),
    ...(doc.headers ?? []).map((h) => ({ name: h.name, in: 'header', ...header(h, 'input') })),
  ];
  return {
    operationId: doc.operationId,
    tags: [doc.tag],
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    security: doc.auth ? [{ [doc.auth]: [] }] : [],
    ...(parameters.length ? { parameters } : {}),
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: inline(doc.body, 'input') } } } } : {}),
    responses: Object.fromEntries(Object.entries(doc.responses).map(([status, r]) => [status, response(r)])),
  };
}

function webhooks() {
  return Object.fromEntries(
    Object.entries(WEBHOOKS).map(([type, { summary }]) => [
      type,
      {
        post: {
          operationId: `webhook_${type.replace('.', '_')}`,
          tags: ['Webhooks'],
          summary: type,
          description: `${summary} Sent to \`MERCHANT_WEBHOOK_URL\`, signed (Standard Webhooks).`,
          parameters: WEBHOOK_HEADERS.map(({ name, description, schema }) => ({ name, in: 'header', required: true, description, schema })),
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: ref(webhookComponent(type)) } } } },
          responses: {
            '2XX': { description: 'Delivered. Anything else, or no answer within 10 s, is retried on the schedule (`MERCHANT_WEBHOOK_RETRY_MS`) with the same `webhook-id`.' },
          },
        },
      },
    ]),
  );
}

/** The OpenAPI 3.1 document of the whole HTTP API, from the schemas the routes validate with. */
export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of OPERATIONS) {
    paths[doc.path] ??= {};
    paths[doc.path]![doc.method] = operation(doc);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'momo-checkout reference backend',
      version: API_VERSION,
      description:
        'Merchant routes (merchant API key), element routes (checkout token), provider callbacks, and the merchant webhooks this backend sends. Every error is `{ error: { code, message } }`.',
    },
    tags: ['Checkouts', 'Operations', 'Payouts', 'Events', 'Session', 'Callbacks', 'Service', 'Webhooks'].map((name) => ({ name })),
    paths,
    webhooks: webhooks(),
    components: {
      securitySchemes: {
        merchantKey: { type: 'http', scheme: 'bearer', description: 'The merchant API key (`MERCHANT_API_KEY`), server to server only.' },
        checkoutToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The checkout token `POST /v1/checkouts` answered, as the element sends it.' },
      },
      schemas: { ...components(requests, 'input'), ...components(responses, 'output') },
    },
  };
}

let built: ReturnType<typeof buildOpenApiDocument> | undefined;

/** Built once, on first request. */
export function openApiDocument() {
  built ??= buildOpenApiDocument();
  return built;
}

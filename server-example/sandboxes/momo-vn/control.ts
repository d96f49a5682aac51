/**
 * Control API for tests and the demo (not MoMo's): act as the payer and inject faults.
 * Mounted at `/control`, no auth. Errors are `{code, message}`.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { callbackFaultsFrom, callbackFaultsSchema, DEFAULT_CALLBACK_FAULTS, FAULT_COUNT, faultRoutes } from '../common/faults';
import { ipnBody } from './ipn';
import type { OrderRecord, SandboxState } from './state';
import { DECLINE_CODES, PAY_TYPES, parseObject, PROCESSING_CODES, type ResultCode } from './wire';

const FaultsSchema = callbackFaultsSchema(z.strictObject({ status: z.union([z.literal(500), z.literal(503)]), count: FAULT_COUNT, afterProcessing: z.boolean().optional() }));

const ApproveSchema = z.strictObject({ payType: z.enum(PAY_TYPES).optional() });
const DeclineSchema = z.strictObject({ resultCode: z.union(DECLINE_CODES.map((code) => z.literal(code))).optional() });
const ProcessingSchema = z.strictObject({ resultCode: z.union(PROCESSING_CODES.map((code) => z.literal(code))).optional() });

type ControlError = { status: 400 | 404 | 409; code: string; message: string };

const fail = (c: Context, error: ControlError) => c.json({ code: error.code, message: error.message }, error.status);

/** The internal record plus the IPN body it would send now, for assertions and the demo. Secrets stay out. */
function view(order: OrderRecord, now: number) {
  const { credential, ...rest } = order;
  const { signature: _signature, ...ipn } = ipnBody(order, now);
  return { ...rest, accessKey: credential.accessKey, ipnBody: ipn };
}

/** Reads an optional JSON body against `schema`; an empty body is `{}`. */
async function body<T>(c: Context, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; error: ControlError }> {
  const text = (await c.req.text().catch(() => '')).trim();
  const json = text === '' ? {} : parseObject(text);
  if (!json) return { ok: false, error: { status: 400, code: 'BAD_REQUEST', message: 'Body must be a JSON object.' } };
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: { status: 400, code: 'BAD_REQUEST', message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` } };
  }
  return { ok: true, value: parsed.data };
}

export function createControlApi(state: SandboxState, now: () => number): Hono {
  const api = new Hono();

  function orderOf(c: Context): OrderRecord | ControlError {
    const orders = state.findOrders(c.req.param('orderId') ?? '');
    const partner = c.req.query('partnerCode');
    const matching = partner ? orders.filter((order) => order.partnerCode === partner) : orders;
    if (matching.length === 0) return { status: 404, code: 'ORDER_NOT_FOUND', message: 'No order with that orderId.' };
    if (matching.length > 1) return { status: 409, code: 'AMBIGUOUS_ORDER', message: 'Several partners used that orderId; add ?partnerCode=.' };
    return matching[0]!;
  }

  const settle = (c: Context, code: ResultCode, payType?: (typeof PAY_TYPES)[number]) => {
    const order = orderOf(c);
    if (!('orderId' in order)) return fail(c, order);
    if (!state.settle(order, code, payType)) {
      return fail(c, { status: 409, code: 'ORDER_FINAL', message: `Order already ended with resultCode ${order.resultCode}; it cannot change.` });
    }
    return c.json(view(order, now()));
  };

  api.get('/orders', (c) => c.json({ orders: state.listOrders().map((order) => view(order, now())) }));

  api.get('/orders/:orderId', (c) => {
    const order = orderOf(c);
    return 'orderId' in order ? c.json(view(order, now())) : fail(c, order);
  });

  api.post('/orders/:orderId/approve', async (c) => {
    const parsed = await body(c, ApproveSchema);
    return parsed.ok ? settle(c, 0, parsed.value.payType ?? 'qr') : fail(c, parsed.error);
  });

  api.post('/orders/:orderId/decline', async (c) => {
    const parsed = await body(c, DeclineSchema);
    return parsed.ok ? settle(c, parsed.value.resultCode ?? 1006) : fail(c, parsed.error);
  });

  api.post('/orders/:orderId/expire', (c) => settle(c, 1005));

  api.post('/orders/:orderId/processing', async (c) => {
    const parsed = await body(c, ProcessingSchema);
    return parsed.ok ? settle(c, parsed.value.resultCode ?? 7000) : fail(c, parsed.error);
  });

  faultRoutes(api, state, {
    defaults: () => ({ ...DEFAULT_CALLBACK_FAULTS }),
    fromBody: async (c) => {
      const parsed = await body(c, FaultsSchema);
      if (!parsed.ok) return fail(c, parsed.error);
      const { failNext } = parsed.value;
      // MoMo's state always spells out afterProcessing.
      return callbackFaultsFrom({ ...parsed.value, failNext: failNext && { ...failNext, afterProcessing: failNext.afterProcessing ?? false } });
    },
  });

  return api;
}

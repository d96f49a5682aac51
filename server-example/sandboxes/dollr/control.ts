/**
 * Control API for tests and the demo (not Dollr's): act as the payer, settle payouts, look
 * inside, inject faults. Mounted at `/control`, no auth; errors in Dollr's `{detail}` shape.
 */
import { Hono, type Context } from 'hono';
import { faultRoutes, MAX_HANG_MS } from '../common/faults';
import { detail, invalid, reply } from './errors';
import { FAILURE_CODES, type Execution, type FailureCode, type Faults, type SandboxState } from './state';
import { checkBody, readBody, type Spec } from './validate';

const FAULTS: Spec = {
  failNext: {
    type: 'object',
    optional: true,
    fields: { status: { type: 'enum', values: ['429', '500', '502', '503'] }, count: { type: 'int', ge: 0 }, path: { type: 'str', optional: true } },
  },
  loseAnswer: { type: 'object', optional: true, fields: { count: { type: 'int', ge: 0 }, path: { type: 'str', optional: true } } },
  hangNext: {
    type: 'object',
    optional: true,
    fields: { count: { type: 'int', ge: 0 }, ms: { type: 'int', ge: 0 }, path: { type: 'str', optional: true } },
  },
  receiptDelayMs: { type: 'int', ge: 0, optional: true },
};

const REASON: Spec = { reason: { type: 'enum', values: FAILURE_CODES, optional: true } };

/** Bodies with numbers where the spec says enum-of-strings: the control API takes `status: 500`. */
const stringifyStatus = (value: unknown) => {
  if (value && typeof value === 'object' && 'failNext' in value) {
    const failNext = (value as { failNext?: { status?: unknown } }).failNext;
    if (failNext && typeof failNext.status === 'number') failNext.status = String(failNext.status);
  }
  return value;
};

/** A PUT body as the new fault set, checked the FastAPI way (422 `{detail}`); a count of 0 is no fault. */
async function faultsFromBody(c: Context): Promise<Faults | Response> {
  const read = await readBody(c.req.raw);
  if (!read.ok) return reply(c, invalid(read.issues));
  const checked = checkBody(FAULTS, stringifyStatus(read.value ?? {}));
  if (!checked.ok) return reply(c, invalid(checked.issues));
  const failNext = checked.value.failNext as { status: string; count: number; path: string | null } | null;
  const loseAnswer = checked.value.loseAnswer as { count: number; path: string | null } | null;
  const hangNext = checked.value.hangNext as { count: number; ms: number; path: string | null } | null;
  const receiptDelayMs = checked.value.receiptDelayMs as number | null;
  if (hangNext && hangNext.ms > MAX_HANG_MS) {
    return reply(
      c,
      invalid([{ loc: ['body', 'hangNext', 'ms'], msg: `ensure this value is less than or equal to ${MAX_HANG_MS}`, type: 'value_error.number.not_le', ctx: { limit_value: MAX_HANG_MS } }]),
    );
  }
  return {
    ...(failNext && failNext.count > 0 ? { failNext: { status: Number(failNext.status) as 429 | 500 | 502 | 503, count: failNext.count, ...(failNext.path ? { path: failNext.path } : {}) } } : {}),
    ...(loseAnswer && loseAnswer.count > 0 ? { loseAnswer: { count: loseAnswer.count, path: loseAnswer.path ?? '/v1/executions/' } } : {}),
    ...(hangNext && hangNext.count > 0 ? { hangNext: { count: hangNext.count, ms: hangNext.ms, ...(hangNext.path ? { path: hangNext.path } : {}) } } : {}),
    ...(receiptDelayMs ? { receiptDelayMs } : {}),
  };
}

export function createControlApi(state: SandboxState): Hono {
  const api = new Hono();

  const view = (execution: Execution) => {
    const invoice = state.invoiceOf(execution);
    const { fees: _fees, ...record } = execution;
    return { ...record, wire: state.executionBody(execution), invoice: invoice ? state.invoiceBody(invoice) : undefined };
  };

  api.get('/state', (c) =>
    c.json({
      tokensIssued: state.tokensIssued,
      parties: [...state.parties.values()],
      counterparties: [...state.counterparties.values()],
      invoices: [...state.invoices.values()].map((invoice) => state.invoiceBody(invoice)),
      paymentAccounts: [...state.accounts.values()],
      sessions: [...state.sessions.values()],
      executions: [...state.executions.values()].map(view),
      wallets: state.wallets,
    }),
  );

  const find = (c: Context, operation: Execution['operation_type']) => {
    const execution = state.executions.get((c.req.param('reference_id') ?? '').toLowerCase());
    return execution?.operation_type === operation ? execution : undefined;
  };

  const settle = async (c: Context, operation: Execution['operation_type'], outcome: 'COMPLETED' | 'FAILED', defaultCode: FailureCode) => {
    const execution = find(c, operation);
    if (!execution) return reply(c, detail(404, 'Transaction not found'));
    let code = defaultCode;
    if (outcome === 'FAILED') {
      const read = await readBody(c.req.raw);
      if (!read.ok) return reply(c, invalid(read.issues));
      if (read.value !== undefined) {
        const checked = checkBody(REASON, read.value);
        if (!checked.ok) return reply(c, invalid(checked.issues));
        code = (checked.value.reason as FailureCode | null) ?? defaultCode;
      }
    }
    const settled = state.settle(execution, outcome === 'COMPLETED' ? { status: 'COMPLETED' } : { status: 'FAILED', code });
    return settled ? c.json(view(execution)) : reply(c, detail(409, `The execution is already ${execution.status}`));
  };

  api.get('/collections/:reference_id', (c) => {
    const execution = find(c, 'COLLECTION');
    return execution ? c.json(view(execution)) : reply(c, detail(404, 'Transaction not found'));
  });
  api.post('/collections/:reference_id/approve', (c) => settle(c, 'COLLECTION', 'COMPLETED', 'PAYMENT_NOT_APPROVED'));
  api.post('/collections/:reference_id/decline', (c) => settle(c, 'COLLECTION', 'FAILED', 'PAYMENT_NOT_APPROVED'));
  api.post('/collections/:reference_id/expire', (c) => settle(c, 'COLLECTION', 'FAILED', 'EXPIRED'));

  api.get('/payouts/:reference_id', (c) => {
    const execution = find(c, 'PAYOUT');
    return execution ? c.json(view(execution)) : reply(c, detail(404, 'Transaction not found'));
  });
  api.post('/payouts/:reference_id/complete', (c) => settle(c, 'PAYOUT', 'COMPLETED', 'UNSPECIFIED_FAILURE'));
  api.post('/payouts/:reference_id/fail', (c) => settle(c, 'PAYOUT', 'FAILED', 'UNSPECIFIED_FAILURE'));

  faultRoutes(api, state, { defaults: () => ({}), fromBody: faultsFromBody });

  return api;
}

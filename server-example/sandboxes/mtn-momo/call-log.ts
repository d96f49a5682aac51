/**
 * The collection calls the sandbox got, kept for the control API (not MTN's): how many
 * status calls a client made, when each started and ended, and for which resource. Tests check
 * with it that several backend instances never poll one payment at once and together hold MTN's
 * limit of 10 status calls a second per API user.
 */
import type { MiddlewareHandler } from 'hono';
import type { CollectionEnv } from './auth';

/** What a call did: `status` is a GET of one invoice, request-to-pay or payment. */
export type CallKind = 'token' | 'create' | 'status' | 'cancel' | 'balance' | 'other';

export interface CollectionCall {
  kind: CallKind;
  method: string;
  path: string;
  /** The invoice, request-to-pay or payment the call is about (the path's, or a create's X-Reference-Id). */
  referenceId?: string;
  /** Who made it, once its bearer token was read (set when the call ends). */
  apiUser?: string;
  /** What the sandbox answered; absent while the call is in flight. */
  status?: number;
  startedAtMs: number;
  /** When the answer went, a `hangNext` hold included; absent while the call is in flight. */
  endedAtMs?: number;
}

/** Enough for any test or demo session; the oldest go first beyond it. */
const MAX_CALLS = 10_000;

const RESOURCE = /^\/collection\/v[12]_0\/(invoice|requesttopay|payment)(?:\/([^/]+))?\/?$/;

function classify(method: string, path: string, referenceHeader: string | undefined): Pick<CollectionCall, 'kind' | 'referenceId'> {
  if (/^\/collection\/token\/?$/.test(path)) return { kind: 'token' };
  if (/^\/collection\/v1_0\/account\/balance\/?$/.test(path)) return { kind: 'balance' };
  const resource = RESOURCE.exec(path);
  if (!resource) return { kind: 'other' };
  const id = resource[2]?.toLowerCase();
  if (method === 'POST' && !id) return { kind: 'create', ...(referenceHeader ? { referenceId: referenceHeader.toLowerCase() } : {}) };
  if (method === 'GET' && id) return { kind: 'status', referenceId: id };
  if (method === 'DELETE' && id) return { kind: 'cancel', referenceId: id };
  return { kind: 'other' };
}

export class CallLog {
  #calls: CollectionCall[] = [];

  constructor(private readonly now: () => number) {}

  list(filter: { kind?: string; referenceId?: string } = {}): CollectionCall[] {
    return this.#calls.filter((call) => (!filter.kind || call.kind === filter.kind) && (!filter.referenceId || call.referenceId === filter.referenceId.toLowerCase()));
  }

  clear(): void {
    this.#calls = [];
  }

  /** Mounted before the fault middleware, so that a held answer's hold is part of its call. */
  middleware(): MiddlewareHandler<CollectionEnv> {
    return async (c, next) => {
      const { method } = c.req;
      const mount = c.req.path.indexOf('/collection/');
      const path = mount >= 0 ? c.req.path.slice(mount) : c.req.path;
      // Kept from the start: a call held for ever is still seen, in flight.
      const call: CollectionCall = { ...classify(method, path, c.req.header('X-Reference-Id')), method, path, startedAtMs: this.now() };
      this.#calls.push(call);
      if (this.#calls.length > MAX_CALLS) this.#calls.splice(0, this.#calls.length - MAX_CALLS);
      try {
        await next();
      } finally {
        const apiUser = c.get('apiUser')?.id;
        if (apiUser) call.apiUser = apiUser;
        call.status = c.res.status;
        call.endedAtMs = this.now();
      }
    };
  }
}

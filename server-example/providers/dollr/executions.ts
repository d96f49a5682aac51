import { ProviderError } from '../types';
import { errorFrom, isDuplicateReference, type DollrClient } from './client';
import type { ExecutionBody } from './wire';

export type ExecutionKind = 'collection' | 'payout';

const isExecution = (body: unknown): body is ExecutionBody => Boolean(body) && typeof (body as ExecutionBody).reference_id === 'string' && typeof (body as ExecutionBody).status === 'string';

/** `GET /v1/status/{kind}/{reference_id}`: the execution, or undefined when Dollr has none (404). */
export async function executionStatus(client: DollrClient, kind: ExecutionKind, referenceId: string): Promise<ExecutionBody | undefined> {
  const response = await client.call<ExecutionBody>('GET', `/v1/status/${kind}/${encodeURIComponent(referenceId)}`);
  if (response.status === 404) return undefined;
  if (response.status !== 200 || !isExecution(response.body)) throw errorFrom(response, `report the ${kind} status`);
  return response.body;
}

/**
 * `POST /v1/executions/{kind}` with a reference_id stored before the call. When the answer is
 * lost (network, timeout, 5xx) Dollr is asked by that reference_id before anything else: an
 * execution it knows is ours (whatever its status, never executed again); only one it has
 * never seen is sent once more, with the same reference_id (docs/providers.md, "Dollr").
 */
export async function executeOnce(client: DollrClient, kind: ExecutionKind, body: { reference_id: string } & Record<string, unknown>): Promise<ExecutionBody> {
  const referenceId = body.reference_id;
  const post = () => client.call<ExecutionBody>('POST', `/v1/executions/${kind}`, body);

  /** The answer of one POST: the execution, or why not (a refusal is thrown at once). */
  async function attempt(): Promise<ExecutionBody | ProviderError> {
    let response: Awaited<ReturnType<typeof post>>;
    try {
      response = await post();
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'unavailable') return err;
      throw err;
    }
    if ((response.status === 200 || response.status === 201) && isExecution(response.body)) return response.body;
    // Our own earlier attempt landed (its answer was lost): ask for it below.
    if (isDuplicateReference(response)) return new ProviderError('unavailable', 'DUPLICATE_REFERENCE', 'Dollr already has this reference_id.');
    const error = errorFrom(response, `execute the ${kind}`);
    if (error.kind === 'rejected') throw error;
    return error;
  }

  const first = await attempt();
  if (!(first instanceof ProviderError)) return first;
  const known = await executionStatus(client, kind, referenceId).catch(() => null);
  // Dollr could not say either: the outcome stays unknown, and the reconciler asks by this reference_id.
  if (known === null) throw first;
  if (known) return known;
  // Dollr has never seen it: it did not land, so sending it again cannot pay twice.
  const second = await attempt();
  if (!(second instanceof ProviderError)) return second;
  const afterRetry = await executionStatus(client, kind, referenceId).catch(() => undefined);
  if (afterRetry) return afterRetry;
  throw second;
}

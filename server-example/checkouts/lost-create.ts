import type { CreatePaymentInput, LostCreate, MethodCapabilities, ProviderAdapter } from '../providers/types';

/**
 * What a create whose answer was lost left at the provider (ProviderAdapter.findLostCreate). An
 * adapter that does not say is asked for its status by the create's reference id: a payment it holds
 * is made, though nothing its create answered (the instructions) can be had from a status; none is
 * none where it reports on its payments, and proves nothing where it cannot (reportsStatus false).
 * Throws ProviderError when the provider cannot say now.
 */
export async function findLostCreate(adapter: ProviderAdapter, method: MethodCapabilities | undefined, input: CreatePaymentInput): Promise<LostCreate> {
  if (adapter.findLostCreate) return adapter.findLostCreate(input);
  const { checkout, referenceId } = input;
  const word = await adapter.fetchStatus({ ...checkout, providerReference: referenceId }, 'payer');
  if (word) return { state: 'made', created: { providerReference: referenceId, instructions: [], status: word } };
  return method?.reportsStatus === false ? { state: 'unknowable' } : { state: 'none' };
}

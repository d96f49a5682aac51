/** Compare-and-set retries when two sources report at the same moment. */
const MAX_WRITE_ATTEMPTS = 5;

/** What one attempt did: nothing to write, written, or lost the race to another writer. */
export type WriteAttempt = 'unchanged' | 'written' | 'conflict';

/**
 * Reads a versioned record and lets `attempt` write against the version it saw; a write that
 * lost the race is retried from a fresh read. Returns the record as it now stands. `name`
 * (e.g. `Checkout co_1`) labels the errors when the record vanishes or never settles.
 */
export async function writeWithRetry<R>(name: string, read: () => Promise<R | undefined>, attempt: (current: R) => Promise<WriteAttempt>): Promise<R> {
  for (let tries = 0; tries < MAX_WRITE_ATTEMPTS; tries += 1) {
    const current = await read();
    if (!current) throw new Error(`${name} vanished`);
    const result = await attempt(current);
    if (result === 'unchanged') return current;
    if (result === 'written') return (await read())!;
  }
  throw new Error(`${name}: status kept changing under us`);
}

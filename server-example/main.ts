import { ConfigError } from './config';
import { DRAIN_WITHIN_MS } from './drain';
import { startServer } from './server';

const server = await startServer().catch((error: unknown) => {
  // A bad variable: the sentences naming each are the whole story, a stack trace adds nothing.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
});
console.log(`\n  momo-checkout: ${server.url}/\n`);

/** Past the drain's own bound something hangs (a store that never closes): exit rather than linger. */
const CLOSE_WITHIN_MS = DRAIN_WITHIN_MS + 5_000;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A second signal: whoever sent it will not wait for the drain.
    if (stopping) process.exit(1);
    stopping = true;
    setTimeout(() => process.exit(1), CLOSE_WITHIN_MS).unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}

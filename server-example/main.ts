import { startServer } from './server';

const server = await startServer();
console.log(`\n  momo-checkout demo: ${server.url}/\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}

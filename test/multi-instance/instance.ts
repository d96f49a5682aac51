/**
 * One backend instance of the multi-instance suite, as a child process (cluster.ts spawns it):
 * the real server, configured from its environment alone. It tells its parent over IPC when it
 * listens, and on SIGTERM closes gracefully (streams told to reconnect, work in hand finished)
 * before it exits; SIGKILL is the crash.
 */
import { startServer } from '../../server-example/server';

export interface InstanceReady {
  event: 'ready';
  port: number;
  /** What its tokens and callbacks name. */
  url: string;
}

const server = await startServer();
const ready: InstanceReady = { event: 'ready', port: server.config.port, url: server.url };
process.send?.(ready);

process.once('SIGTERM', () => {
  void server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
});

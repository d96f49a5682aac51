import type { ServerType } from '@hono/node-server';
import type { Server } from 'node:http';

/**
 * Ends every connection the server holds, idle keep-alive ones too, so that its `close()`
 * resolves. `serve()` types its server as HTTP/1 or HTTP/2; only HTTP/1's has this method.
 */
export function closeAllConnections(server: ServerType): void {
  (server as Partial<Pick<Server, 'closeAllConnections'>>).closeAllConnections?.();
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One provider callback as it went through the tap: its body, and the backend's answer. */
export interface TappedCallback {
  path: string;
  body: string;
  status: number;
}

export interface CallbackTap {
  /** The backend's public URL for `startTestServer(…, { publicBaseUrl: tap.url })`: where the sandboxes call back. */
  url: string;
  /** Where the tap forwards to, once the backend is listening. */
  forwardTo(port: number): void;
  /** Resolves once the backend has answered `count` callbacks that `matches`, counted from the tap's start. */
  answered(matches: (callback: TappedCallback) => boolean, count: number): Promise<TappedCallback[]>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A pass-through in front of the backend's public URL. A callback that changes nothing at the
 * backend (a duplicate, a late one) publishes nothing a test could wait for; its answer passing
 * back through here is that event.
 */
export async function startCallbackTap(): Promise<CallbackTap> {
  let targetPort: number | undefined;
  const seen: TappedCallback[] = [];
  const waiters = new Set<() => void>();

  async function forward(request: IncomingMessage, response: ServerResponse) {
    const body = await readBody(request);
    const headers = Object.entries(request.headers).flatMap(([name, value]) =>
      HOP_BY_HOP.has(name) || value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]],
    );
    const method = request.method ?? 'GET';
    const answer = await fetch(`http://127.0.0.1:${targetPort}${request.url}`, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: new Uint8Array(body) }),
    });
    const answerBody = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([name]) => !HOP_BY_HOP.has(name) && name !== 'content-encoding')));
    response.end(answerBody);
    if (request.url?.startsWith('/v1/callbacks/')) {
      seen.push({ path: request.url, body: body.toString('utf8'), status: answer.status });
      for (const wake of [...waiters]) wake();
    }
  }

  const server = createServer((request, response) => {
    forward(request, response).catch((err: unknown) => {
      if (!response.headersSent) response.writeHead(502);
      response.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    forwardTo(portOfBackend) {
      targetPort = portOfBackend;
    },
    answered(matches, count) {
      return new Promise((resolve) => {
        const check = () => {
          const found = seen.filter(matches);
          if (found.length < count) return;
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * A forward HTTP proxy that holds each response's headers until `latencyMs` after its request
 * arrived: the round trip of a slow link. Chromium's own network emulation (CDP
 * `Network.emulateNetworkConditions`) leaves CORS preflights out of its latency (checked on
 * Chromium 156: a preflighted fetch took one round trip, not two), and a preflight is a round
 * trip a payer on 3G waits for. Here every request pays it, preflights included; bandwidth stays
 * with CDP, which throttles all bytes through one shared pipe as a phone's link would.
 */
import { Agent, createServer, request as forward, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Headers that describe the hop to the proxy, not the request (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

export interface LatencyProxy {
  /** `http://127.0.0.1:<port>`, for the browser's `proxy.server`. */
  url: string;
  close(): Promise<void>;
}

/** Only loopback targets: the bench's own servers, nothing outside the machine. */
const isLoopback = (hostname: string) => hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';

export async function startLatencyProxy(latencyMs: number): Promise<LatencyProxy> {
  const agent = new Agent({ keepAlive: true });
  const server: Server = createServer((request, response) => {
    const arrived = performance.now();
    let target: URL;
    try {
      // A proxied request names its target in full (absolute-form).
      target = new URL(request.url ?? '');
    } catch {
      return void response.writeHead(400, { 'content-type': 'text/plain' }).end('A proxy request names an absolute http:// URL.');
    }
    if (target.protocol !== 'http:' || !isLoopback(target.hostname)) {
      return void response.writeHead(403, { 'content-type': 'text/plain' }).end('This proxy reaches the bench servers on loopback only.');
    }
    const upstream = forward(target, { method: request.method, headers: endToEnd(request.headers), agent }, (answer) => {
      // The body waits in the stream, paused, until the headers go out.
      setTimeout(
        () => {
          response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
          answer.pipe(response);
        },
        Math.max(0, arrived + latencyMs - performance.now()),
      );
    });
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' }).end('The bench server did not answer.');
      else response.destroy();
    });
    // A page that goes away mid-answer (its context closed) ends the upstream request too.
    response.on('close', () => {
      if (!response.writableFinished) upstream.destroy();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

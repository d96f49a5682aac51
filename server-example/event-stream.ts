import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';

/** Where an event stream's text goes: the socket's own response under Node, a web stream elsewhere. */
export interface EventSink {
  /** Ignored once the stream ended. */
  write(text: string): void;
  end(): void;
  /** Called once, when the client goes away or the stream ends. */
  onClose(callback: () => void): void;
}

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/** One `text/event-stream` block (data has no line breaks: it is JSON). */
export const sseBlock = ({ event, data, id }: SseMessage): string => `event: ${event}\ndata: ${data}\n${id === undefined ? '' : `id: ${id}\n`}\n`;

/** Lower case, as Headers gives those set before: each replaces its namesake. */
const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-store',
  connection: 'keep-alive',
  // Nginx and its kin would otherwise hold the events back.
  'x-accel-buffering': 'no',
};

/**
 * Opens an event stream answering `c`; `answer` goes back from the handler. Under
 * @hono/node-server the text is written straight on Node's response: no web streams, no
 * per-stream read loop, a few hundred bytes a stream instead of tens of kilobytes.
 * Headers middleware set before the handler (CORS, request id) go out with it.
 */
export function openEventStream(c: Context): { sink: EventSink; answer: Response } {
  const headers: Record<string, string> = {};
  for (const [name, value] of c.res.headers) headers[name] = value;
  Object.assign(headers, SSE_HEADERS);
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  return outgoing ? { sink: nodeSink(outgoing, headers), answer: RESPONSE_ALREADY_SENT } : webSink(headers);
}

function nodeSink(outgoing: ServerResponse, headers: Record<string, string>): EventSink {
  outgoing.writeHead(200, headers);
  // A write racing the client's going away is dropped, not thrown.
  outgoing.on('error', () => {});
  const ended = () => outgoing.writableEnded || outgoing.destroyed;
  return {
    write(text) {
      if (!ended()) outgoing.write(text);
    },
    end() {
      if (!ended()) outgoing.end();
    },
    onClose(callback) {
      outgoing.once('close', callback);
    },
  };
}

/** Any other runtime (or `app.request()`): the same text through a web stream. */
function webSink(headers: Record<string, string>): { sink: EventSink; answer: Response } {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  let onClose = () => {};
  const close = () => {
    if (closed) return;
    closed = true;
    onClose();
  };
  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
    },
    cancel: close,
  });
  const sink: EventSink = {
    write(text) {
      if (!closed) controller?.enqueue(encoder.encode(text));
    },
    end() {
      if (closed) return;
      controller?.close();
      close();
    },
    onClose(callback) {
      onClose = callback;
    },
  };
  return { sink, answer: new Response(body, { status: 200, headers }) };
}

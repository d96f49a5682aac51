import type { Context } from 'hono';
import type { Duplex } from 'node:stream';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { withoutLinkKey } from '../payment-links/capability';

/** The one error the HTTP layer throws; rendered as `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/**
 * PostgreSQL's refusal of text it cannot store (U+0000 in an id, a header or a body a route passed
 * on): the request's doing, so a 400, as SQLite's "no such row" would have been a 4xx.
 */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

export function createErrorHandler(log: Logger) {
  return function handleError(err: Error, c: Context) {
    if (err instanceof ApiError) return c.json(errorBody(err.code, err.message), err.status);
    if (UNSTORABLE_TEXT.has((err as { code?: unknown }).code as string)) {
      return c.json(errorBody('INVALID_CHARACTER', 'The request contains a character that cannot be stored (U+0000).'), 400);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return c.json(errorBody('BAD_REQUEST', err.message || 'Bad request.'), err.status);
    }
    log.error({ err, path: withoutLinkKey(c.req.path) }, 'unhandled error');
    return c.json(errorBody('INTERNAL_ERROR', 'Something went wrong on our side.'), 500);
  };
}

/** Parser errors of a body that arrived badly chunked or cut short. */
const BODY_PARSE_ERRORS = new Set(['HPE_INVALID_CHUNK_SIZE', 'HPE_CHUNK_EXTENSIONS_OVERFLOW', 'HPE_INVALID_EOF_STATE', 'HPE_INVALID_TRANSFER_ENCODING']);

/** A raw HTTP answer in our error shape, for a socket Node's parser gave up on. */
function rawAnswer(status: number, statusText: string, code: string, message: string): string {
  const body = JSON.stringify(errorBody(code, message));
  return `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * The HTTP server's `clientError`: Node's parser refused what the client sent (a malformed chunk,
 * headers too large). The client's doing: an info line, and a 400 (431) in our error shape if it
 * still listens, never an internal error.
 */
export function answerClientError(log: Logger) {
  return function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    log.info({ code: err.code, err: err.message }, 'malformed request refused');
    // Gone already, or a response is on its way on this socket: nothing can be answered.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const answer =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? rawAnswer(431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE', 'The request headers are too large.')
        : BODY_PARSE_ERRORS.has(err.code ?? '')
          ? rawAnswer(400, 'Bad Request', 'BODY_UNREADABLE', 'The request body could not be read: it was cut off or badly chunked.')
          : rawAnswer(400, 'Bad Request', 'MALFORMED_REQUEST', 'The request is not valid HTTP.');
    socket.end(answer);
  };
}

export function notFound(c: Context) {
  return c.json(errorBody('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`), 404);
}

/**
 * A static server as a CDN answers: every file gzip-compressed (level 9, compressed once),
 * `Content-Encoding: gzip`, `Vary: Accept-Encoding`. Files are mapped path by path; `pages` are
 * generated per request (a merchant page carrying a fresh checkout's token) and compressed too.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

export interface StaticSite {
  /** URL path → file on disk. */
  files: ReadonlyMap<string, string>;
  /** URL path → HTML made from the request's query (undefined: 400, the query was not one it takes). */
  pages?: ReadonlyMap<string, (query: URLSearchParams) => string | undefined>;
}

export interface GzipStatic {
  origin: string;
  close(): Promise<void>;
}

const gzip = (body: Buffer | string) => gzipSync(body, { level: constants.Z_BEST_COMPRESSION });

export async function startGzipStatic({ files, pages = new Map() }: StaticSite): Promise<GzipStatic> {
  const compressed = new Map<string, Promise<Buffer>>();
  const fileBody = (path: string, file: string) => {
    const kept = compressed.get(path);
    if (kept) return kept;
    const body = readFile(file).then(gzip);
    compressed.set(path, body);
    return body;
  };

  async function answer(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://static');
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (!/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return void response.writeHead(406, { 'content-type': 'text/plain' }).end('This server sends gzip only.');
    const page = pages.get(url.pathname);
    const file = files.get(url.pathname);
    let body: Buffer;
    let type: string;
    if (page) {
      const html = page(url.searchParams);
      if (html === undefined) return void response.writeHead(400, { 'content-type': 'text/plain' }).end(`${url.pathname} was not given the query it takes.`);
      [body, type] = [gzip(html), TYPES['.html']!];
    } else if (file) {
      [body, type] = [await fileBody(url.pathname, file), TYPES[extname(file)] ?? 'application/octet-stream'];
    } else {
      return void response.writeHead(404, { 'content-type': 'text/plain' }).end(`${url.pathname} is not served here.`);
    }
    response.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', vary: 'Accept-Encoding', 'content-length': body.length, 'cache-control': 'public, max-age=31536000' });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((request, response) => {
    answer(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(404, { 'content-type': 'text/plain' }).end('Not readable.');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

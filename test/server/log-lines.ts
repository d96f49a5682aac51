import { Writable } from 'node:stream';

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A pino destination that keeps the backend's log lines, raw and parsed, for a test to read. */
export function logLines() {
  const raw: string[] = [];
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const text of String(chunk).split('\n').filter(Boolean)) {
        raw.push(text);
        lines.push(JSON.parse(text) as LogLine);
      }
      done();
    },
  });
  return { destination, raw, lines };
}

/** pino's error level: what "an internal error" looks like in the log. */
export const ERROR_LEVEL = 50;

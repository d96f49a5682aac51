import { createHash } from 'node:crypto';

/** A Content-Security-Policy header as a map: directive → its sources. */
export const cspDirectives = (csp: string): Map<string, string[]> =>
  new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/) as [string, ...string[]])
      .map(([name, ...sources]) => [name, sources]),
  );

/** The CSP source that allows exactly `text` (a `<style>`'s content): `'sha256-…'`. */
export const cspHash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

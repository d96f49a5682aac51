import { z } from 'zod';
import { quoted } from './variables';

const EXPECTED = 'the URL browsers and providers reach this backend at, e.g. https://pay.example.com';

/**
 * `PUBLIC_BASE_URL`: an absolute http(s) URL (https in production) with no query, fragment or
 * credentials; a path is kept (a backend behind a prefix), its trailing `/` not. Required in
 * production; unset outside it, tokens name the host each checkout was created through.
 */
export const publicBaseUrl = (production: boolean) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) {
        if (production) ctx.addIssue({ code: 'custom', message: `must be set in production: ${EXPECTED}. Checkout tokens name it, and the element talks to it.` });
        return undefined;
      }
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `is not a URL (${quoted(value)}): set it to ${EXPECTED}.` });
        return z.NEVER;
      }
      if (url.protocol !== 'https:' && (production || url.protocol !== 'http:')) {
        const why = production ? ' in production (a page served over https cannot call an http backend)' : '';
        ctx.addIssue({ code: 'custom', message: `must be an ${production ? 'https' : 'http(s)'} URL${why}, not ${url.origin === 'null' ? quoted(value) : url.origin}.` });
        return z.NEVER;
      }
      if (url.search || url.hash || url.username || url.password) {
        // The credentials themselves are not repeated.
        ctx.addIssue({ code: 'custom', message: `must have no query, fragment or credentials, e.g. ${url.origin}${url.pathname}.` });
        return z.NEVER;
      }
      return `${url.origin}${url.pathname}`.replace(/\/$/, '');
    });

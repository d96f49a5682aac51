import pino, { type DestinationStream, type Logger } from 'pino';
import { logKeysFor, secretVariables } from './config/secrets';
import { currentRequestId } from './http/request-context';

/** Keys whose values are secrets wherever they appear in a logged object. */
const SECRET_KEYS = [
  'authorization',
  'token',
  'access_token',
  'refresh_token',
  'apiKey',
  'api_key',
  'apikey',
  'secret',
  'secretKey',
  'password',
  'signature',
  // MTN MoMo
  'ocp-apim-subscription-key',
  'subscriptionKey',
  // MoMo Vietnam (the access key only ever travels with a signature; neither belongs in a log)
  'accessKey',
  // Mom Factura
  'x-api-key',
  // Dollr
  'client_secret',
  'clientSecret',
  'passcode',
];
/**
 * The keys above and those of every secret variable the configuration declares, provider modules'
 * included (config/secrets.ts). Made on first use, once every module is loaded.
 */
let secretKeySet: ReadonlySet<string> | undefined;
function isSecretKey(key: string): boolean {
  secretKeySet ??= new Set([...SECRET_KEYS, ...secretVariables().flatMap(logKeysFor)].map((name) => name.toLowerCase()));
  return secretKeySet.has(key.toLowerCase());
}
const REDACTED = '[redacted]';
/** Anything that looks like a bearer credential or a JWS inside a string. */
const SECRET_PATTERNS = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g,
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g,
  // The password in a URL (`postgres://user:password@host` in a driver's error message).
  /(?<=\/\/[^/\s:@]+:)[^@\s]+(?=@)/g,
];

/** Returns a copy of `value` with secrets removed: by key anywhere in the tree, and by pattern in strings. */
export function scrub<T>(value: T): T {
  if (typeof value === 'string') {
    return SECRET_PATTERNS.reduce<string>((text, pattern) => text.replace(pattern, REDACTED), value) as T;
  }
  if (Array.isArray(value)) return value.map(scrub) as T;
  // An error's message and stack may quote a request or a token: serialised as pino would, then scrubbed.
  if (value instanceof Error) return scrub({ ...pino.stdSerializers.err(value) }) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, isSecretKey(key) ? REDACTED : scrub(inner)])) as T;
  }
  return value;
}

/** The longest string a log line carries: one forged callback once made a 60 KB line of its body. */
export const MAX_LOGGED_CHARS = 1_024;
/** A stack trace gets more room: its deeper frames are what an unhandled error is debugged with. */
export const MAX_LOGGED_STACK_CHARS = 8_192;

/** `text` cut to `maxChars`, saying how much was cut. */
export function truncateForLog(text: string, maxChars = MAX_LOGGED_CHARS): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}…[${text.length - maxChars} more chars]`;
}

/** A copy of `value` with every string in it cut to its bound (whatever a provider or a caller sent). */
export function boundForLog<T>(value: T, maxChars = MAX_LOGGED_CHARS): T {
  if (typeof value === 'string') return truncateForLog(value, maxChars) as T;
  if (Array.isArray(value)) return value.map((inner) => boundForLog(inner)) as T;
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, boundForLog(inner, key === 'stack' ? MAX_LOGGED_STACK_CHARS : MAX_LOGGED_CHARS)])) as T;
  }
  return value;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    // The request a line was written for (X-Request-Id); background work has none.
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    // Errors reach pino already serialised and scrubbed (below); serialising again would lose their type.
    serializers: { err: (value: unknown) => value },
    // Every logged object goes through scrub() and boundForLog(), so no call site can leak a secret
    // or write an unbounded line by mistake.
    hooks: {
      logMethod(args, method) {
        return method.apply(this, args.map((arg) => boundForLog(scrub(arg))) as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

import { ProviderError } from './types';

/**
 * A callback's raw body as JSON. One that does not parse names no payment to look at again,
 * so it is refused (`rejected`, `code`); `name` is what the provider calls it (MoMo VN: IPN).
 */
export function parseCallbackJson(rawBody: string, name = 'callback', code = 'MALFORMED_CALLBACK'): unknown {
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new ProviderError('rejected', code, `The ${name} body is not JSON.`);
  }
}

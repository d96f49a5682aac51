import { ApiError } from '../http/errors';
import { DEFAULT_MAX_EXPIRES_IN_SECONDS, type MethodCapabilities } from '../providers/types';

/** "30 days", "3 days", "7 days", "12 hours": how a window reads in a message. */
function duration(seconds: number): string {
  const [size, unit] = seconds % 86_400 === 0 ? [seconds / 86_400, 'day'] : seconds % 3_600 === 0 ? [seconds / 3_600, 'hour'] : [seconds / 60, 'minute'];
  return `${Number.isInteger(size) ? size : size.toFixed(1)} ${unit}${size === 1 ? '' : 's'}`;
}

/** The longest `expiresInSeconds` a method honours (MethodCapabilities.maxExpiresInSeconds, else 7 days). */
export const maxExpiresInSeconds = (method: MethodCapabilities | undefined): number => method?.maxExpiresInSeconds ?? DEFAULT_MAX_EXPIRES_IN_SECONDS;

/**
 * A window longer than the method's is refused before anything is created: the provider would end
 * the payment sooner than the merchant asked, and nobody would know until a payer came too late.
 */
export function checkExpiry(provider: string, methodName: string, method: MethodCapabilities | undefined, expiresInSeconds: number | undefined): void {
  const max = maxExpiresInSeconds(method);
  if (expiresInSeconds === undefined || expiresInSeconds <= max) return;
  throw new ApiError(422, 'EXPIRY_TOO_LONG', `${provider} ${methodName} stays payable for ${duration(max)} at most: expiresInSeconds ${max} or less, not ${expiresInSeconds}.`);
}

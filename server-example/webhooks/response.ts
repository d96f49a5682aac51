/** What is kept of a merchant's answer: stored for support, so bounded, whatever the merchant sends. */

const MAX_ERROR_CHARS = 200;

/** Cuts UTF-8 bytes to at most `maxBytes` without splitting a character. */
export function cutUtf8(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.length <= maxBytes) return new TextDecoder().decode(bytes);
  let end = maxBytes;
  // Back off over continuation bytes (10xxxxxx) to the start of the character that does not fit.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

/** Reads at most `maxBytes` of the body, then drops the rest unread; a body cut short keeps what came. */
export async function readCappedText(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length <= maxBytes) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
    }
  } catch {
    // The status already decided the attempt; a body that broke off (or timed out) is kept as far as it came.
  } finally {
    void reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return cutUtf8(bytes, maxBytes);
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_HEADERS_TIMEOUT: 'no answer',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
};

/** Why an attempt got no answer, in words for the events API: a timeout, a refused connection, a DNS error. */
export function describeDeliveryError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  const code = cause?.code;
  const text = code ? `${NETWORK_ERRORS[code] ?? cause?.message ?? 'network error'} (${code})` : err instanceof Error ? err.message : String(err);
  return text.slice(0, MAX_ERROR_CHARS);
}

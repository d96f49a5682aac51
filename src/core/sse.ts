/**
 * A minimal `text/event-stream` reader (WHATWG HTML §9.2). EventSource cannot send an
 * `Authorization` header and tokens must not travel in URLs, so the element reads the
 * stream from `fetch` itself.
 */

export interface ServerSentEvent {
  /** `event:` field; `"message"` when absent. */
  event: string;
  data: string;
  id?: string;
}

/**
 * Yields each dispatched event. Comments (`: heartbeat`), `retry:` and events with no data
 * are skipped. Ends when the stream ends; an abort surfaces as the reader's AbortError.
 * `onActivity` is called whenever bytes arrive (comments included), for stall detection.
 */
export async function* readEventStream(body: ReadableStream<Uint8Array>, onActivity: () => void = () => {}): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return; // an event without its terminating blank line is discarded, per spec
      onActivity();
      buffer += decoder.decode(value, { stream: true });
      // A trailing "\r" may be the first half of "\r\n": keep it until the next chunk.
      const lines = buffer.split(/\r\n|\r(?!$)|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) {
            const dispatched: ServerSentEvent = { event: event || 'message', data: data.join('\n') };
            if (id !== undefined) dispatched.id = id;
            yield dispatched;
          }
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id' && !value.includes('\0')) id = value;
        // `retry:` only matters to EventSource's own reconnection; we fall back to polling.
      }
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}

/** What the registry asks of each open event stream. */
export interface OpenStream {
  /** A comment line, so idle proxies keep the connection. */
  heartbeat(): void;
  /** Ends the stream telling the client to come back (to another instance). */
  reconnect(): void;
}

export interface StreamRegistry {
  /** Open event streams on this instance (the /metrics gauge). */
  readonly size: number;
  /** True once `closeAll()` ran: new streams are refused, the client polls instead. */
  readonly closing: boolean;
  /** Returns the removal, called when the stream ends. */
  add(stream: OpenStream): () => void;
  /** At shutdown: every open stream is told to reconnect and ended. */
  closeAll(): void;
}

/** Keeps idle proxies from closing the stream. */
export const HEARTBEAT_MS = 15_000;

/**
 * The open event streams of one server. One timer beats for all of them, instead of one per
 * stream, and runs only while some are open.
 */
export function createStreamRegistry({ heartbeatMs = HEARTBEAT_MS }: { heartbeatMs?: number } = {}): StreamRegistry {
  const open = new Set<OpenStream>();
  let beat: ReturnType<typeof setInterval> | undefined;
  let closing = false;
  const stopBeating = () => {
    clearInterval(beat);
    beat = undefined;
  };
  return {
    get size() {
      return open.size;
    },
    get closing() {
      return closing;
    },
    add(stream) {
      open.add(stream);
      beat ??= setInterval(() => {
        for (const each of open) each.heartbeat();
      }, heartbeatMs);
      return () => {
        open.delete(stream);
        if (open.size === 0) stopBeating();
      };
    },
    closeAll() {
      closing = true;
      for (const stream of [...open]) stream.reconnect();
      open.clear();
      stopBeating();
    },
  };
}

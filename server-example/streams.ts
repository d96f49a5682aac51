/** What the registry asks of each open event stream. */
export interface OpenStream {
  /** A comment line, so idle proxies keep the connection. */
  heartbeat(): void;
  /** Ends the stream telling the client to come back (to another instance). */
  reconnect(): void;
  /** The checkout it follows and the version it last sent: checked at each beat against the store. */
  readonly checkoutId?: string;
  readonly sentVersion?: number;
  /** Reads the checkout again and sends what changed. */
  refresh?(): void;
}

/** The current versions of these checkouts (Store.checkoutVersions). */
export type ReadVersions = (checkoutIds: readonly string[]) => Promise<ReadonlyMap<string, number>>;

export interface StreamRegistry {
  /** Open event streams on this instance (the /metrics gauge). */
  readonly size: number;
  /** True once `closeAll()` ran: new streams are refused, the client polls instead. */
  readonly closing: boolean;
  /** Returns the removal, called when the stream ends. */
  add(stream: OpenStream): () => void;
  /** At shutdown: every open stream is told to reconnect and ended. */
  closeAll(): void;
  /** Checks every followed version now, as a beat does: the bus was away and its notifications lost. */
  catchUp(): void;
}

/** Keeps idle proxies from closing the stream. */
export const HEARTBEAT_MS = 15_000;

/**
 * The open event streams of one server. One timer beats for all of them, instead of one per
 * stream, and runs only while some are open. At each beat, with `readVersions`, one query checks
 * every followed checkout's version: a stream that missed a change (its notification lost with
 * the instance that made it, killed between its commit and its NOTIFY) catches up within a beat,
 * or at once when the bus, connected again, asks for it (`catchUp`).
 */
export function createStreamRegistry({ heartbeatMs = HEARTBEAT_MS, readVersions }: { heartbeatMs?: number; readVersions?: ReadVersions } = {}): StreamRegistry {
  const open = new Set<OpenStream>();
  let checking = false;
  /** Asked while a read was out: that read may predate the change, so one more follows it. */
  let again = false;
  async function catchUp(): Promise<void> {
    if (checking) {
      again = true;
      return;
    }
    const followed = [...open].filter((stream) => stream.checkoutId !== undefined && stream.refresh);
    if (!readVersions || followed.length === 0) return;
    checking = true;
    try {
      const versions = await readVersions([...new Set(followed.map((stream) => stream.checkoutId!))]);
      for (const stream of followed) {
        const version = versions.get(stream.checkoutId!);
        if (version !== undefined && version !== stream.sentVersion) stream.refresh!();
      }
    } catch {
      // The database is away for a moment: the next beat checks again.
    } finally {
      checking = false;
    }
    if (again) {
      again = false;
      await catchUp();
    }
  }
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
        void catchUp();
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
    catchUp() {
      void catchUp();
    },
  };
}

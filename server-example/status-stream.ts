import { isFinalStatus } from '../contract';
import type { CheckoutService } from './checkouts/service';
import { toStatusUpdate } from './checkouts/views';
import { sseBlock, type EventSink } from './event-stream';
import type { Clock } from './lifecycle/clock';
import type { StatusBus } from './status-bus';
import type { OpenStream, StreamRegistry } from './streams';
import type { CheckoutRecord } from './store/types';

export interface StatusStreamDeps {
  clock: Clock;
  bus: StatusBus;
  streams: StreamRegistry;
  service: Pick<CheckoutService, 'stillAskingForReceipt'>;
  /** The checkout as it stands; undefined (or a rejection) ends the stream: the client polls. */
  read(checkoutId: string): Promise<CheckoutRecord | undefined>;
}

/** How soon a client told to reconnect should (EventSource's own reconnection; the element opens a new stream at once). */
export const RECONNECT_RETRY_MS = 1_000;
const HEARTBEAT = ': keep-alive\n\n';
const RECONNECT = `retry: ${RECONNECT_RETRY_MS}\n${sseBlock({ event: 'reconnect', data: '{"reason":"shutdown"}' })}`;
/** setTimeout's longest wait; a later close is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One open `GET /v1/session/events`: a `status` event (`id` = the version) now and on each change
 * the bus tells of, ended once final (a paid checkout whose receipt is still asked for stays until
 * it comes), at `closesAt`, or when the client goes. A plain object with a few fields and no
 * loop of its own: thousands of them idle cheaply, the registry's one timer beating for all.
 */
class StatusStream implements OpenStream {
  #sentVersion = -1;
  #reading = false;
  #changed = false;
  #ended = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unsubscribe: () => void;
  #unregister: () => void;

  constructor(
    readonly checkoutId: string,
    readonly sink: EventSink,
    readonly closesAt: number,
    readonly deps: StatusStreamDeps,
  ) {
    this.#unsubscribe = deps.bus.subscribe(checkoutId, () => this.refresh());
    this.#unregister = deps.streams.add(this);
    sink.onClose(() => this.end());
    this.#armClose();
  }

  get sentVersion() {
    return this.#sentVersion;
  }

  heartbeat() {
    this.sink.write(HEARTBEAT);
  }

  reconnect() {
    this.sink.write(RECONNECT);
    this.end();
  }

  /** Shows the checkout as given; true while the stream goes on. */
  show(checkout: CheckoutRecord): boolean {
    if (this.#ended) return false;
    if (checkout.version !== this.#sentVersion) {
      this.#sentVersion = checkout.version;
      this.sink.write(sseBlock({ event: 'status', id: String(checkout.version), data: JSON.stringify(toStatusUpdate(checkout)) }));
    }
    if (isFinalStatus(checkout.status) && !this.deps.service.stillAskingForReceipt(checkout)) this.end();
    return !this.#ended;
  }

  /** Reads the checkout again; changes told while a read is out are read once more after it. */
  refresh() {
    if (this.#ended) return;
    if (this.#reading) {
      this.#changed = true;
      return;
    }
    this.#reading = true;
    this.#changed = false;
    this.deps.read(this.checkoutId).then(
      (checkout) => {
        this.#reading = false;
        // The server may be closing (its store with it): end the stream, the client will poll.
        if (!checkout) return this.end();
        if (this.show(checkout) && this.#changed) this.refresh();
      },
      () => {
        this.#reading = false;
        this.end();
      },
    );
  }

  end() {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timer);
    this.#unsubscribe();
    this.#unregister();
    this.sink.end();
  }

  /** When the token stops reading, the stream ends too; the element's next request learns why. */
  #armClose() {
    const left = this.closesAt - this.deps.clock.now();
    if (left <= 0) return this.end();
    this.#timer = setTimeout(() => (left > MAX_TIMER_MS ? this.#armClose() : this.end()), Math.min(left, MAX_TIMER_MS));
  }
}

/** Starts following `checkout` on `sink`; the first status event goes out at once. `refresh()` reads it again. */
export function followCheckout(checkout: CheckoutRecord, sink: EventSink, closesAt: number, deps: StatusStreamDeps): { refresh(): void } {
  const stream = new StatusStream(checkout.id, sink, closesAt, deps);
  stream.show(checkout);
  return stream;
}

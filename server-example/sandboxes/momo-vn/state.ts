/**
 * In-memory store of the sandbox: orders, the requestIds seen, and injected faults. It owns
 * the order lifecycle (1000 → [7000…] → 0 | a final failure) and expiry; reaching a final
 * result is reported once through `onFinal`, which sends the IPN.
 */
import { randomInt } from 'node:crypto';
import { DueTimers } from '../common/due-timers';
import { DEFAULT_CALLBACK_FAULTS, type CallbackFaults } from '../common/faults';
import type { Lang, MomoCredential, PayType, ResultCode, WireItem } from './wire';

/** The next `count` gateway calls answer `status`; with `afterProcessing` the call takes effect first (a lost answer). */
export interface FailNext {
  status: 500 | 503;
  count: number;
  afterProcessing: boolean;
}

/** Injected on gateway calls (`hangNext` too) and on the IPN. */
export type Faults = CallbackFaults<FailNext>;

export interface IpnAttempt {
  url: string;
  atMs: number;
  status?: number;
  error?: string;
}

export interface OrderRecord {
  credential: MomoCredential;
  partnerCode: string;
  orderId: string;
  requestId: string;
  requestType: string;
  amount: number;
  orderInfo: string;
  extraData: string;
  ipnUrl: string;
  redirectUrl: string;
  lang: Lang;
  items: WireItem[];
  referenceId?: string;
  storeId?: string;
  autoCapture: boolean;
  resultCode: ResultCode;
  /** MoMo's transaction id: assigned on create, as MoMo's query reports one for every order. */
  transId: number;
  payType: PayType | '';
  createdAtMs: number;
  expiresAtMs: number;
  updatedAtMs: number;
  finalAtMs?: number;
  ipn: { sent: number; dropped: number; attempts: IpnAttempt[] };
}

/** What a create call answered, kept for its requestId: replayed when final, else a 40. */
export interface RequestRecord {
  orderId: string;
  status: number;
  body: Record<string, unknown>;
  final: boolean;
}

export type OnFinal = (order: OrderRecord) => void;

const FAILURE_FINAL: ReadonlySet<number> = new Set([98, 99, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1017, 1026, 4001, 4002, 4100]);
export const isFinal = (code: ResultCode): boolean => code === 0 || FAILURE_FINAL.has(code);

export class SandboxState {
  faults: Faults = { ...DEFAULT_CALLBACK_FAULTS };
  readonly #orders = new Map<string, OrderRecord>();
  readonly #requests = new Map<string, RequestRecord>();
  readonly #transIds = new Set<number>();
  // Expiry on time, so the IPN fires with nobody polling.
  readonly #expiry: DueTimers<OrderRecord>;

  constructor(
    private readonly now: () => number,
    private readonly onFinal: OnFinal,
  ) {
    this.#expiry = new DueTimers({ now, dueAtMs: (order) => (isFinal(order.resultCode) ? undefined : order.expiresAtMs), fire: (order) => this.#expireIfDue(order) });
  }

  static key(partnerCode: string, id: string): string {
    return `${partnerCode}\u0000${id}`;
  }

  getOrder(partnerCode: string, orderId: string): OrderRecord | undefined {
    return this.#orders.get(SandboxState.key(partnerCode, orderId));
  }

  /** For the control API, which names an order by its orderId alone. */
  findOrders(orderId: string): OrderRecord[] {
    return [...this.#orders.values()].filter((order) => order.orderId === orderId);
  }

  listOrders(): OrderRecord[] {
    return [...this.#orders.values()];
  }

  getRequest(partnerCode: string, requestId: string): RequestRecord | undefined {
    return this.#requests.get(SandboxState.key(partnerCode, requestId));
  }

  rememberRequest(partnerCode: string, requestId: string, record: RequestRecord): void {
    this.#requests.set(SandboxState.key(partnerCode, requestId), record);
  }

  addOrder(order: Omit<OrderRecord, 'resultCode' | 'transId' | 'payType' | 'updatedAtMs' | 'ipn'>): OrderRecord {
    const record: OrderRecord = {
      ...order,
      resultCode: 1000,
      transId: this.#newTransId(),
      payType: '',
      updatedAtMs: order.createdAtMs,
      ipn: { sent: 0, dropped: 0, attempts: [] },
    };
    this.#orders.set(SandboxState.key(order.partnerCode, order.orderId), record);
    this.#expiry.arm(record);
    return record;
  }

  /** Moves an open order to `code`; false (unchanged) when it was final already. */
  settle(order: OrderRecord, code: ResultCode, payType?: PayType): boolean {
    this.#expireIfDue(order);
    if (isFinal(order.resultCode)) return false;
    order.resultCode = code;
    order.updatedAtMs = this.now();
    if (code === 0 || payType) order.payType = payType ?? 'qr';
    if (isFinal(code)) {
      order.finalAtMs = order.updatedAtMs;
      this.#expiry.clear(order);
      this.onFinal(order);
    }
    return true;
  }

  /** Expires every lapsed open order, so each request sees the state the clock implies. */
  sweep(): void {
    for (const order of this.#orders.values()) this.#expireIfDue(order);
  }

  #expireIfDue(order: OrderRecord): void {
    if (!isFinal(order.resultCode) && this.now() >= order.expiresAtMs) {
      order.resultCode = 1005;
      order.updatedAtMs = order.finalAtMs = this.now();
      this.#expiry.clear(order);
      this.onFinal(order);
    }
  }

  #newTransId(): number {
    let id: number;
    do id = randomInt(1_000_000_000, 9_999_999_999);
    while (this.#transIds.has(id));
    this.#transIds.add(id);
    return id;
  }
}

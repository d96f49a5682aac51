/**
 * IPN delivery: when an order reaches a final result MoMo POSTs the signed result to its
 * ipnUrl and expects 204 within 15 s. No retry (UNVERIFIED; see README). The `callbacks`
 * fault can drop, duplicate or delay the POST. A failing target is recorded, never thrown.
 */
import { deliverUnderFault } from '../common/faults';
import type { Faults, OrderRecord } from './state';
import { IPN_SIGNED, message, rawSignature, sign, type IpnBody } from './wire';

const IPN_TIMEOUT_MS = 15_000;

export interface IpnDeps {
  fetch: typeof fetch;
  now: () => number;
  faults: () => Faults;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

/** The signed IPN body for the order as it stands; also the redirect's query parameters. */
export function ipnBody(order: OrderRecord, responseTime: number): IpnBody {
  const unsigned = {
    partnerCode: order.partnerCode,
    orderId: order.orderId,
    requestId: order.requestId,
    amount: order.amount,
    ...(order.storeId ? { storeId: order.storeId } : {}),
    orderInfo: order.orderInfo,
    partnerUserId: order.resultCode === 0 ? `sandbox-user-${order.transId}` : '',
    orderType: 'momo_wallet' as const,
    transId: order.transId,
    resultCode: order.resultCode,
    message: message(order.resultCode, order.lang),
    payType: order.payType,
    responseTime,
    extraData: order.extraData,
  };
  const signature = sign(rawSignature(IPN_SIGNED, { ...unsigned, accessKey: order.credential.accessKey }), order.credential.secretKey);
  return { ...unsigned, signature, paymentOption: 'momo', userFee: 0, promotionInfo: [] };
}

/** Returns the `onFinal` hook of the state: sends the IPN. */
export function createIpnSender(deps: IpnDeps) {
  async function post(order: OrderRecord, body: string): Promise<void> {
    order.ipn.sent += 1;
    const attempt: OrderRecord['ipn']['attempts'][number] = { url: order.ipnUrl, atMs: deps.now() };
    order.ipn.attempts.push(attempt);
    try {
      const response = await deps.fetch(order.ipnUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=UTF-8' },
        body,
        signal: AbortSignal.timeout(IPN_TIMEOUT_MS),
      });
      attempt.status = response.status;
      await response.body?.cancel().catch(() => undefined);
      deps.log('momo-vn sandbox: IPN sent', { orderId: order.orderId, status: response.status });
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
      deps.log('momo-vn sandbox: IPN failed', { orderId: order.orderId, error: attempt.error });
    }
  }

  function deliver(order: OrderRecord, body: string, faults: Faults): Promise<void> {
    return deliverUnderFault(
      faults,
      async (copies) => {
        for (let copy = 0; copy < copies; copy += 1) await post(order, body);
      },
      () => {
        order.ipn.dropped += 1;
        deps.log('momo-vn sandbox: IPN dropped (fault)', { orderId: order.orderId });
      },
    );
  }

  return function onFinal(order: OrderRecord): void {
    // Snapshot now: the body is the result that was reached, whatever happens later.
    const body = JSON.stringify(ipnBody(order, deps.now()));
    deliver(order, body, deps.faults()).catch((error: unknown) => deps.log('momo-vn sandbox: IPN error', { orderId: order.orderId, error: String(error) }));
  };
}

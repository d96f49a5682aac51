/**
 * The merchant's webhook endpoint for the multi-instance suite, in the test process: it keeps
 * every delivery it got (whichever instance sent it) and can refuse some, to make the senders
 * retry. Each answer is held `holdMs`, so that two attempts at one event made at once would be
 * seen in flight together.
 */
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  webhookId: string;
  /** `webhook-timestamp`: the attempt's time, in seconds. */
  timestamp: string;
  type: string;
  subjectId: string;
  /** What this receiver answered. */
  status: number;
  /** Attempts of the same event in flight here when this one arrived (0: none). */
  inFlightAlongside: number;
}

export interface WebhookReceiver {
  url: string;
  deliveries: Delivery[];
  /** The deliveries of one event, in arrival order. */
  of(webhookId: string): Delivery[];
  /** The first delivery (kept or to come) that `matches`, once answered. */
  waitFor(matches: (delivery: Delivery) => boolean): Promise<Delivery>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /** The status to answer a delivery with, given how many of that event came before it. Default 204. */
  answer?: (delivery: { type: string; earlier: number }) => number;
  holdMs?: number;
}

export async function startWebhookReceiver(options: ReceiverOptions = {}): Promise<WebhookReceiver> {
  const deliveries: Delivery[] = [];
  const done: Delivery[] = [];
  const inFlight = new Map<string, number>();
  const answered = new EventEmitter();
  answered.setMaxListeners(0);
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk));
    request.on('end', () => {
      const webhookId = String(request.headers['webhook-id']);
      const { type, data } = JSON.parse(body) as { type: string; data: { id: string } };
      const earlier = deliveries.filter((delivery) => delivery.webhookId === webhookId).length;
      const delivery: Delivery = {
        webhookId,
        timestamp: String(request.headers['webhook-timestamp']),
        type,
        subjectId: data.id,
        status: options.answer?.({ type, earlier }) ?? 204,
        inFlightAlongside: inFlight.get(webhookId) ?? 0,
      };
      deliveries.push(delivery);
      inFlight.set(webhookId, delivery.inFlightAlongside + 1);
      setTimeout(() => {
        inFlight.set(webhookId, (inFlight.get(webhookId) ?? 1) - 1);
        response.writeHead(delivery.status).end();
        done.push(delivery);
        answered.emit('delivery', delivery);
      }, options.holdMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    deliveries,
    of: (webhookId) => deliveries.filter((delivery) => delivery.webhookId === webhookId),
    waitFor(matches) {
      const seen = done.find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => {
        const listen = (delivery: Delivery) => {
          if (!matches(delivery)) return;
          answered.off('delivery', listen);
          resolve(delivery);
        };
        answered.on('delivery', listen);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

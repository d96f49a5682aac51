import type { MomoEventMap } from '../../src/core/events';
import type { Instruction, InstructionKind, Session, StatusUpdate } from '../../contract';
import type { MomoCheckout } from '../../src/momo-checkout';
import '../../src/define';
import { withQrCodes } from './qr-codes';

declare global {
  interface Window {
    /** Set by web-test-runner.config.mjs: the two reference backends started for the run. */
    __MOMO_TEST__: { api: string; apiNoSse: string };
  }
}

export const backends = (): { api: string; apiNoSse: string } => window.__MOMO_TEST__;

const base64url = (value: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(value)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** An unsigned token the element can decode (the fake backend below never verifies). */
export function fakeToken(claims: Record<string, unknown> = {}): string {
  const payload = { iss: 'https://momo.test', sub: 'chk_fixture', aud: 'momo-checkout', exp: 4_102_444_800, ...claims };
  return `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}.c2lnbmF0dXJl`;
}

/** A session as the backend serves it: its QR codes encoded unless `overrides` says `qrCodes` itself. */
export function fixtureSession(overrides: Partial<Session> = {}): Session {
  const session: Session = {
    id: 'chk_fixture',
    merchant: 'Kampala Parents School',
    amount: '150000',
    currency: 'UGX',
    description: 'Term 1 school fees',
    status: 'pending',
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    locale: 'en-UG',
    instructions: [
      { kind: 'qr', payload: '*165*3*58213907*1#' },
      { kind: 'ussd', code: '*165*3*58213907*1#' },
    ],
    ...overrides,
  };
  return 'qrCodes' in overrides ? session : withQrCodes(session);
}

/** A 1×1 PNG: a provider's ready QR image, as a data URI. */
export const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** One instruction of each kind, as the providers' adapters make them. */
export const INSTRUCTIONS = {
  qr: { kind: 'qr', payload: '*165*3*58213907*1#' },
  ussd: { kind: 'ussd', code: '*165*3*58213907*1#' },
  deeplink: {
    kind: 'deeplink',
    url: 'momo://app?action=payWithApp&isScanQR=false&serviceType=app&sid=TU9NT3xPMTc2MzgxMjM0NQ&v=3.0',
    appName: 'MoMo',
    webUrl: 'https://test-payment.momo.vn/v2/gateway/pay?t=TU9NT3xPMTc2MzgxMjM0NQ',
  },
  'bank-reference': { kind: 'bank-reference', entity: '00123', reference: '123456789', amount: '15000.00', dueDate: '2026-12-01' },
  code: { kind: 'code', code: '482913', expiresAt: new Date(Date.now() + 3 * 60_000).toISOString() },
  push: { kind: 'push', needsPhone: true, phonePattern: '^2449\\d{8}$', phoneExample: '244923000000', operators: ['Unitel Money'] },
} satisfies { [K in InstructionKind]: Extract<Instruction, { kind: K }> };

export interface FakeBackend {
  requests: string[];
  /** Bodies of the requests with one, e.g. `POST /v1/session/pay`. */
  bodies: { path: string; body: unknown }[];
  /** Pushes a status to the open event stream. */
  push(update: Partial<StatusUpdate> & Pick<StatusUpdate, 'status'>): void;
  restore(): void;
}

/**
 * Replaces `fetch` with a backend that serves `session` and an event stream the test drives.
 * For tests about rendering, not about the network: the real backend has its own tests below.
 * `POST /v1/session/pay` answers `pay(body)`, by default 202 with a pending status.
 */
export function fakeBackend(
  session: Session | ((url: URL) => Response),
  { pay = () => Response.json({ status: 'pending', updatedAt: new Date().toISOString() }, { status: 202 }) }: { pay?: (body: unknown) => Response | Promise<Response> } = {},
): FakeBackend {
  const original = window.fetch;
  const requests: string[] = [];
  const bodies: FakeBackend['bodies'] = [];
  const streams: ReadableStreamDefaultController<Uint8Array>[] = [];
  const encoder = new TextEncoder();
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    requests.push(url.pathname);
    if (request.method === 'POST') bodies.push({ path: url.pathname, body: await request.json() });
    if (typeof session === 'function') return session(url);
    if (url.pathname === '/v1/session/pay') return pay(bodies.at(-1)!.body);
    if (url.pathname === '/v1/session') return Response.json(session);
    if (url.pathname === '/v1/session/status') return Response.json({ status: session.status, updatedAt: new Date().toISOString() });
    if (url.pathname === '/v1/session/events') {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          streams.push(controller);
          request.signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }
    return Response.json({ error: { code: 'NOT_FOUND', message: 'no route' } }, { status: 404 });
  };
  return {
    requests,
    bodies,
    push(update) {
      const data = JSON.stringify({ updatedAt: new Date().toISOString(), ...update });
      for (const stream of streams) {
        try {
          stream.enqueue(encoder.encode(`: keep-alive\n\nevent: status\ndata: ${data}\n\n`));
        } catch {
          // a closed stream
        }
      }
    },
    restore() {
      window.fetch = original;
    },
  };
}

export type Recorded = { [K in keyof MomoEventMap]?: MomoEventMap[K]['detail'][] };

/**
 * Creates `<momo-checkout>` with listeners attached *before* it connects, so no event is
 * missed, and resolves `next(name)` with the next (or an already seen) event of that name.
 */
export function mount(token: string, parent: HTMLElement = document.body) {
  const element = document.createElement('momo-checkout');
  const seen: Recorded = {};
  const waiters = new Map<string, ((detail: unknown) => void)[]>();
  const names: (keyof MomoEventMap)[] = ['momo-ready', 'momo-status', 'momo-paid', 'momo-failed', 'momo-expired', 'momo-cancelled', 'momo-error'];
  for (const name of names) {
    element.addEventListener(name, (event) => {
      const detail = (event as CustomEvent).detail;
      seen[name] ??= [];
      (seen[name] as unknown[]).push(detail);
      for (const resolve of waiters.get(name)?.splice(0) ?? []) resolve(detail);
    });
  }
  element.token = token;
  parent.append(element);
  return {
    element,
    seen,
    /** The first event of this name (already seen or still to come). */
    next<K extends keyof MomoEventMap>(name: K): Promise<MomoEventMap[K]['detail']> {
      const first = seen[name]?.[0];
      if (first !== undefined) return Promise.resolve(first as MomoEventMap[K]['detail']);
      return new Promise((resolve) => {
        const list = waiters.get(name) ?? [];
        list.push(resolve as (detail: unknown) => void);
        waiters.set(name, list);
      });
    },
  };
}

export function part(element: MomoCheckout, name: string): HTMLElement | null {
  return element.shadowRoot!.querySelector(`[part~="${name}"]`);
}

export async function createCheckout(api: string, body: Record<string, unknown> = {}) {
  const response = await fetch(`${api}/demo/checkouts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      provider: 'mtn-momo',
      method: 'invoice',
      amount: '15000',
      currency: 'UGX',
      reference: `INV-${crypto.randomUUID().slice(0, 8)}`,
      description: 'School fees',
      ...body,
    }),
  });
  if (response.status !== 201) throw new Error(`creating a checkout: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; token: string; status: string; expiresAt: string };
}

export async function actAsPayer(api: string, id: string, action: 'approve' | 'decline' | 'expire'): Promise<void> {
  const response = await fetch(`${api}/sandbox/checkouts/${id}/${action}`, { method: 'POST' });
  if (!response.ok) throw new Error(`${action}: ${response.status} ${await response.text()}`);
}

/** Collects `console.error` output (the registry reports skipped instructions there). */
export function captureConsoleErrors() {
  const original = console.error;
  const messages: string[] = [];
  console.error = (...args: unknown[]) => {
    messages.push(args.map(String).join(' '));
  };
  return { messages, restore: () => (console.error = original) };
}

/** Text as read: runs of whitespace (Intl's no-break spaces in amounts included) as one space, trimmed. */
export const words = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

import type { Instruction, Session } from '../../contract/index.js';
import { qrCodesFor } from '../../server-example/checkouts/qr-codes.js';

const base64url = (value: string): string => Buffer.from(value, 'utf8').toString('base64url');

/** An unsigned checkout token (the element decodes it, never verifies it). */
export function ssrToken(backend: string, claims: Record<string, unknown> = {}): string {
  const payload = { iss: backend, sub: 'chk_ssr', aud: 'momo-checkout', exp: 4_102_444_800, ...claims };
  return `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}.c2lnbmF0dXJl`;
}

/** Every way to pay the server renders: QR code, USSD code, bank slip, the phone form. */
export const SSR_INSTRUCTIONS: Instruction[] = [
  { kind: 'qr', payload: 'https://pay.example/chk_ssr', scanWith: 'camera' },
  { kind: 'ussd', code: '*165*3*58213907*1#' },
  { kind: 'bank-reference', entity: '00123', reference: '987 654 321', amount: '150000', dueDate: '2026-12-31' },
  { kind: 'push', needsPhone: true, phonePattern: '^256\\d{9}$', phoneExample: '256772123456' },
];

/** A pending session as the backend serves it (its QR codes encoded), expiring `expiresInMs` after `now`. */
export function ssrSession(now: number, overrides: Partial<Session> = {}): Session {
  const instructions = overrides.instructions ?? SSR_INSTRUCTIONS;
  const qrCodes = qrCodesFor(instructions);
  return {
    id: 'chk_ssr',
    merchant: 'Kampala Parents School',
    amount: '150000',
    currency: 'UGX',
    description: 'Term 1 school fees',
    reference: 'INV-2026-0042',
    status: 'pending',
    expiresAt: new Date(now + 15 * 60_000).toISOString(),
    instructions,
    ...(qrCodes ? { qrCodes } : {}),
    ...overrides,
  };
}

/**
 * Fixture sessions carry their QR codes as the backend serves them: encoded by the backend's
 * own `qrCodesFor` (the `qrcode` package and the shared codec), so what a test draws is what a
 * payer would scan.
 */
import type { Session } from '../../contract';
import { qrCodesFor } from '../../server-example/checkouts/qr-codes';

/** `session` with the `qrCodes` of its instructions (none when it has no QR payload or link). */
export function withQrCodes<S extends Session>(session: S): S {
  const { qrCodes: _previous, ...rest } = session;
  const qrCodes = qrCodesFor(session.instructions);
  return (qrCodes ? { ...rest, qrCodes } : rest) as S;
}

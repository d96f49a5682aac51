/**
 * Every QR code a provider's create gives says what reads it, and its payload is one that reader
 * acts on: a camera only for a link or a `tel:` URI (a camera shows other text and stops there),
 * a wallet app only when the app is named. The element captions the code from this.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { QR_READERS, type QrInstruction, type Session } from '../../contract';
import { startTestServer, type TestServer } from './helpers';

/** An amount each currency's providers take, in major units. */
const AMOUNTS: Record<string, string> = { UGX: '15000', VND: '50000', AOA: '2500.00', EUR: '25.00', USD: '25.00', LRD: '4500.00', RWF: '15000' };
/** A payer phone per currency, for methods that need one up front (E-kwanza). */
const PAYER_PHONES: Record<string, string> = { AOA: '+244923000000' };

/** What a phone's camera acts on by itself: a web link opens, a `tel:` URI dials. */
const CAMERA_READABLE = /^(?:https?:\/\/|tel:)/i;

interface DemoProvider {
  id: string;
  methods: { id: string; currencies: string[]; push: boolean }[];
}

describe("QR codes say what reads them, in every provider's create", () => {
  let server: TestServer;
  /** `provider/method` → the QR instructions of a checkout just created with it. */
  const qrs = new Map<string, QrInstruction[]>();
  /** `provider/method` → the USSD codes beside them. */
  const ussd = new Map<string, string[]>();

  before(async () => {
    server = await startTestServer();
    const base = `http://127.0.0.1:${server.config.port}`;
    const providers = (await (await fetch(`${base}/demo/providers`)).json()) as DemoProvider[];
    for (const provider of providers) {
      // Push methods show no code before the payer's phone is known: nothing to scan.
      for (const method of provider.methods.filter((m) => !m.push)) {
        const currency = method.currencies[0]!;
        const response = await server.merchant('/v1/checkouts', {
          idempotencyKey: crypto.randomUUID(),
          body: {
            provider: provider.id,
            method: method.id,
            amount: AMOUNTS[currency] ?? '100',
            currency,
            reference: `QR-${crypto.randomUUID().slice(0, 8)}`,
            description: 'School fees',
            ...(PAYER_PHONES[currency] ? { payer: { phone: PAYER_PHONES[currency] } } : {}),
          },
        });
        const created = (await response.json()) as { token: string };
        assert.equal(response.status, 201, `${provider.id}/${method.id}: ${JSON.stringify(created)}`);
        const session = (await (await server.element('/v1/session', created.token)).json()) as Session;
        const key = `${provider.id}/${method.id}`;
        qrs.set(
          key,
          session.instructions.filter((instruction): instruction is QrInstruction => instruction.kind === 'qr'),
        );
        ussd.set(
          key,
          session.instructions.flatMap((instruction) => (instruction.kind === 'ussd' ? [instruction.code] : [])),
        );
      }
    }
  });
  after(() => server?.close());

  test('the providers with a QR code: MTN invoice, MoMo Vietnam, E-kwanza', () => {
    const withQr = [...qrs].filter(([, list]) => list.length > 0).map(([key]) => key);
    assert.deepEqual(withQr.sort(), ['mom-factura/ekwanza', 'momo-vn/wallet', 'mtn-momo/invoice']);
  });

  test('each says what reads it, and a camera only for a payload a camera acts on', () => {
    for (const [key, list] of qrs) {
      for (const qr of list) {
        assert.ok(qr.scanWith && (QR_READERS as readonly string[]).includes(qr.scanWith), `${key}: scanWith ${qr.scanWith}`);
        if (qr.scanWith === 'camera') {
          assert.match(qr.payload ?? '', CAMERA_READABLE, `${key}: a camera shows "${qr.payload}" as text and stops there`);
          // In a URI, `#` starts the fragment: a dialled code must carry it as %23.
          if (qr.payload?.startsWith('tel:')) assert.doesNotMatch(qr.payload, /#/, key);
        } else {
          assert.ok(qr.appName?.trim(), `${key}: the app that reads it is named`);
        }
      }
    }
  });

  test('MTN: the bare USSD string, as MTN documents its invoice QR, for the MTN MoMo app', () => {
    const [qr] = qrs.get('mtn-momo/invoice')!;
    assert.equal(qr?.scanWith, 'app');
    assert.equal(qr?.appName, 'MTN MoMo');
    assert.deepEqual([qr?.payload], ussd.get('mtn-momo/invoice'));
    assert.match(qr?.payload ?? '', /^\*165\*3\*\d+\*1#$/);
  });

  test('MoMo Vietnam: an EMVCo bank QR, for the MoMo app or a banking app', () => {
    const [qr] = qrs.get('momo-vn/wallet')!;
    assert.equal(qr?.scanWith, 'app-or-bank');
    assert.equal(qr?.appName, 'MoMo');
    // EMVCo merchant-presented mode: payload format indicator first, CRC last.
    assert.match(qr?.payload ?? '', /^000201.*6304[0-9A-F]{4}$/);
  });

  test("E-kwanza: the provider's own image, for the E-kwanza app", () => {
    const [qr] = qrs.get('mom-factura/ekwanza')!;
    assert.equal(qr?.scanWith, 'app');
    assert.equal(qr?.appName, 'E-kwanza');
    assert.match(qr?.image ?? '', /^data:image\/png;base64,/);
  });
});

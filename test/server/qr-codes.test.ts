/**
 * The backend encodes the QR codes the element draws (it carries no encoder): every `qr`
 * payload and deeplink url of a session comes with its matrix, the one `qrcode` makes at error
 * correction M, packed so that the element's unpacking gives those modules back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import QRCode from 'qrcode';
import type { Instruction, Session } from '../../contract';
import { packQrMatrix, unpackQrMatrix } from '../../contract/qr-matrix';
import { qrCodesFor } from '../../server-example/checkouts/qr-codes';
import { createCheckout, readStatusEvents, startTestServer, type TestServer } from './helpers';

const USSD = '*165*3*58213907*1#';
const LINK = 'momo://app?action=payWithApp&isScanQR=false&serviceType=app&sid=TU9NT3xPMTc2MzgxMjM0NQ&v=3.0';

/** The modules `qrcode` makes for `text`, as 0/1. */
const reference = (text: string) => {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  return { size, dark: Array.from(data, (module) => (module ? 1 : 0)) };
};

/** Each matrix in `codes` is `qrcode`'s for its text, and unpacks to those modules. */
function assertEncodes(codes: Session['qrCodes'], texts: string[]): void {
  assert.deepEqual(Object.keys(codes ?? {}).sort(), [...texts].sort());
  for (const text of texts) {
    const matrix = codes![text]!;
    const { size, dark } = reference(text);
    assert.equal(matrix.size, size, text);
    assert.deepEqual(Array.from(unpackQrMatrix(matrix)!), dark, text);
  }
}

describe('qrCodesFor', () => {
  test('encodes every qr payload and deeplink url, and nothing else', () => {
    const instructions = [
      { kind: 'qr', payload: USSD },
      { kind: 'ussd', code: '*999#' },
      { kind: 'deeplink', url: LINK, appName: 'MoMo' },
      { kind: 'qr', image: 'data:image/png;base64,AAAA' },
      { kind: 'qr', payload: '' },
      { kind: 'code', code: '482913' },
      null,
    ] as Instruction[];
    assertEncodes(qrCodesFor(instructions), [USSD, LINK]);
  });

  test('a text given twice is encoded once; none at all gives no qrCodes', () => {
    assertEncodes(
      qrCodesFor([
        { kind: 'qr', payload: USSD },
        { kind: 'ussd', code: USSD },
        { kind: 'qr', payload: USSD },
      ]),
      [USSD],
    );
    assert.equal(qrCodesFor([{ kind: 'ussd', code: USSD }]), undefined);
    assert.equal(qrCodesFor([]), undefined);
  });

  test('leaves out a text too long for any QR code, and keeps the others', () => {
    const tooLong = `https://pay.example/${'x'.repeat(3_000)}`;
    assert.throws(() => QRCode.create(tooLong, { errorCorrectionLevel: 'M' }));
    assertEncodes(
      qrCodesFor([
        { kind: 'qr', payload: tooLong },
        { kind: 'deeplink', url: LINK, appName: 'MoMo' },
      ]),
      [LINK],
    );
    assert.equal(qrCodesFor([{ kind: 'qr', payload: tooLong }]), undefined);
  });

  test('encodes the largest codes (version 40) and small ones alike', () => {
    const long = 'A'.repeat(2_000); // byte mode: fits only the largest versions at M
    const codes = qrCodesFor([
      { kind: 'qr', payload: long },
      { kind: 'qr', payload: 'hi' },
    ]);
    assertEncodes(codes, [long, 'hi']);
    assert.equal(codes!.hi!.size, 21);
  });
});

describe('the QR matrix codec', () => {
  test('packs modules row by row, most significant bit first', () => {
    const modules = new Array(21 * 21).fill(0);
    modules[0] = 1; // the first bit of the first byte
    modules[9] = 1; // the second bit of the second byte
    modules[440] = 1; // the last module: the first bit of the 56th byte
    const bytes = Buffer.from(packQrMatrix(21, modules).modules, 'base64');
    assert.equal(bytes.length, 56);
    assert.deepEqual([bytes[0], bytes[1], bytes[55]], [0x80, 0x40, 0x80]);
    assert.equal(
      bytes.reduce((sum, byte) => sum + byte, 0),
      0x80 + 0x40 + 0x80,
    );
  });

  test('refuses to pack what is no QR matrix', () => {
    assert.throws(() => packQrMatrix(21, new Array(20 * 20).fill(0)), RangeError);
    assert.throws(() => packQrMatrix(22, new Array(22 * 22).fill(0)), RangeError);
  });

  test('unpacks nothing from a matrix that is not whole: wrong size, wrong length, not base64, not an object', () => {
    const good = packQrMatrix(21, reference('hello').dark);
    const short = Buffer.from(good.modules, 'base64').subarray(1).toString('base64');
    for (const broken of [{ ...good, size: 25 }, { ...good, size: 23 }, { ...good, size: '21' }, { ...good, modules: short }, { ...good, modules: '@@@@' }, { size: 21 }, null, 'QR', 7]) {
      assert.equal(unpackQrMatrix(broken), undefined, JSON.stringify(broken));
    }
    assert.deepEqual(Array.from(unpackQrMatrix(good)!), reference('hello').dark);
  });
});

describe('the session over HTTP', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const session = async (token: string) => (await (await server.element('/v1/session', token)).json()) as Session;

  test("an MTN invoice's session carries the QR code of its payload", async () => {
    const { token } = await createCheckout(server);
    const served = await session(token);
    const payloads = served.instructions.flatMap((instruction) => (instruction.kind === 'qr' && instruction.payload ? [instruction.payload] : []));
    assert.ok(payloads.length > 0, JSON.stringify(served.instructions));
    assertEncodes(served.qrCodes, payloads);
  });

  test("a MoMo VN wallet's session carries the QR codes of its deeplink and its payload", async () => {
    const { token } = await createCheckout(server, { provider: 'momo-vn', method: 'wallet', currency: 'VND', amount: '50000' });
    const served = await session(token);
    const texts = served.instructions.flatMap((instruction) => (instruction.kind === 'deeplink' ? [instruction.url] : instruction.kind === 'qr' && instruction.payload ? [instruction.payload] : []));
    assert.ok(served.instructions.some((instruction) => instruction.kind === 'deeplink'));
    assertEncodes(served.qrCodes, texts);
  });

  test('a paid checkout shows no instructions, so no QR codes', async () => {
    const { id, token } = await createCheckout(server);
    const events = readStatusEvents(server, token, (update) => update.status === 'paid');
    assert.equal((await server.sandbox(`/checkouts/${id}/approve`)).status, 202);
    await events;
    const served = await session(token);
    assert.equal(served.status, 'paid');
    assert.deepEqual(served.instructions, []);
    assert.equal(served.qrCodes, undefined);
  });
});

/**
 * The session's language: `GET /v1/session` negotiates it from the element's `locale` parameter,
 * the checkout's locale, then `Accept-Language` (real requests to a real backend), and sends the
 * element its texts when that is not English. The wire form gives back the same texts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Session } from '../../contract';
import { ALL_TRANSLATIONS, negotiateLocale, parseAcceptLanguage, wireTranslationFor } from '../../src/i18n/all';
import { en, fr, ptAO, sw, vi } from '../../src/i18n/index';
import type { Translation } from '../../src/i18n/translation';
import { fromWireTranslation, toWireTranslation } from '../../src/i18n/wire';
import { createCheckout, startTestServer, type TestServer } from './helpers';

type Leaf = string | ((...values: string[]) => string);

/** Every text of a translation by its path (`push.invalid`); `$`-keys left out. */
function texts(value: unknown, path = ''): [string, Leaf][] {
  if (typeof value === 'string' || typeof value === 'function') return [[path, value as Leaf]];
  return Object.entries(value as object).flatMap(([key, child]) => (key.startsWith('$') ? [] : texts(child, path ? `${path}.${key}` : key)));
}

/** Arguments a text is called with: real-looking values, and each empty in turn. */
const SAMPLES: string[][] = [
  ['UGX 150,000', 'Kampala Parents School'],
  ['', 'Kampala Parents School'],
  ['0772 123 456', ''],
  ['', ''],
];

/** What each text says for every sample, as a payer would read it. */
const said = (t: Translation) => texts(t).map(([path, text]) => [path, typeof text === 'string' ? text : SAMPLES.map((values) => text(...values))] as const);

describe('a translation on the wire', () => {
  test('comes back with the same texts, for every key and every sample, in every language', () => {
    for (const t of ALL_TRANSLATIONS) {
      const wire = JSON.parse(JSON.stringify(toWireTranslation(t)));
      const revived = fromWireTranslation(wire);
      assert.ok(revived, t.$code);
      assert.deepEqual(said(revived), said(t), t.$code);
      assert.equal(revived.$code, t.$code);
      assert.equal(revived.$dir, t.$dir);
    }
  });

  test('a text that reads differently without its value carries both: invalid and resend', () => {
    const wire = toWireTranslation(fr) as unknown as { push: Record<string, unknown> };
    assert.deepEqual(wire.push.invalid, [
      'Ce numéro semble incorrect. Saisissez votre numéro mobile money, par exemple {0}.',
      'Ce numéro semble incorrect. Saisissez votre numéro mobile money avec l’indicatif du pays.',
    ]);
    assert.ok(Array.isArray(wire.push.resend));
    assert.equal(wire.push.fee, fr.push.fee('{0}'));
    const revived = fromWireTranslation(wire)!;
    assert.equal(revived.push.invalid('0772 123 456'), fr.push.invalid('0772 123 456'));
    assert.equal(revived.push.invalid(''), fr.push.invalid(''));
    assert.equal(revived.push.resend('dans 2 minutes'), fr.push.resend('dans 2 minutes'));
    assert.equal(revived.push.resend(''), fr.push.resend(''));
    assert.notEqual(revived.push.resend(''), revived.push.resend('dans 2 minutes').replace(' (dans 2 minutes)', ' ()'));
  });

  test('a text that already has a {digit} is refused when serialised, not sent to be filled in', () => {
    assert.throws(() => toWireTranslation({ ...fr, copy: 'Copier {0}' }), /copy: .*\{digit\}/);
    assert.throws(() => toWireTranslation({ ...fr, push: { ...fr.push, fee: (amount) => `Frais {1} : ${amount}` } }), /push\.fee/);
  });

  test('a text that is more than a template is refused when serialised', () => {
    const charge = (amount: string, fee: string) => (fee ? `${amount} + ${fee}` : `${amount} seulement`);
    assert.throws(() => toWireTranslation({ ...fr, details: { ...fr.details, charge } }), /details\.charge/);
  });

  test('reading one takes what fits English’s shape, English elsewhere, and refuses one without a BCP 47 $code', () => {
    const wire = { ...toWireTranslation(fr), loading: 42, push: { submit: ['not', 'a string'], fee: ['Frais : {0}', 'Sans frais'] }, status: 'not a group', $dir: 'sideways' };
    const revived = fromWireTranslation(wire)!;
    assert.equal(revived.loading, en.loading);
    assert.equal(revived.push.submit, en.push.submit);
    assert.equal(revived.push.fee('UGX 500'), 'Frais : UGX 500');
    assert.equal(revived.push.fee(''), 'Sans frais');
    assert.equal(revived.push.title, en.push.title);
    assert.deepEqual(revived.status, en.status);
    assert.equal(revived.payTo, fr.payTo);
    assert.equal(revived.$dir, 'ltr');
    assert.equal(fromWireTranslation({ $code: 'PT-ao', payTo: 'Pagar a' })!.$code, 'pt-AO');
    for (const refused of [undefined, null, 'fr', [], { payTo: 'Payer à' }, { $code: 'not a tag!' }, { $code: 7 }, { $code: '' }]) {
      assert.equal(fromWireTranslation(refused), undefined, JSON.stringify(refused));
    }
  });
});

describe('negotiating the language', () => {
  test('Accept-Language: by q-value, then in order; *, q=0 and malformed parts left out', () => {
    assert.deepEqual(parseAcceptLanguage('fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5'), ['fr-CH', 'fr', 'en', 'de']);
    assert.deepEqual(parseAcceptLanguage('vi;q=0.2, sw ; q = 0.95, pt-AO'), ['pt-AO', 'sw', 'vi']);
    assert.deepEqual(parseAcceptLanguage('fr;q=0, x-;q=1, en;q=2, de;q=abc, zh;level=1, 12, , ;q=1, vi'), ['vi']);
    assert.deepEqual(parseAcceptLanguage('*'), []);
    assert.deepEqual(parseAcceptLanguage(undefined), []);
  });

  test('the first candidate with a translation, canonicalised, by tag then language; English last', () => {
    assert.equal(negotiateLocale(['de-DE', 'PT-ao']), 'pt-AO');
    assert.equal(negotiateLocale([undefined, null, 'not a tag!', 'sw-KE']), 'sw-KE');
    assert.equal(negotiateLocale(['nl', 'zh-Hans']), 'en');
    assert.equal(negotiateLocale([]), 'en');
    assert.equal(wireTranslationFor('fr-CI')?.$code, 'fr');
    assert.equal(wireTranslationFor('en-GB'), undefined);
    assert.equal(wireTranslationFor('de'), undefined);
  });
});

describe('GET /v1/session speaks the payer’s language', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  async function session(token: string, query = '', acceptLanguage?: string) {
    const response = await server.element(`/v1/session${query}`, token, acceptLanguage ? { 'Accept-Language': acceptLanguage } : {});
    return { response, body: (await response.json()) as Session & { error?: { code: string; message: string } } };
  }

  const expectTexts = (body: Session, t: Translation) => {
    assert.ok(body.translation, `a translation for ${t.$code}`);
    assert.deepEqual(body.translation, toWireTranslation(t));
  };

  test('the locale parameter first, then the checkout’s locale, then Accept-Language', async () => {
    const { token } = await createCheckout(server, { locale: 'fr' });
    const asked = await session(token, '?locale=vi-VN', 'sw-KE, pt;q=0.5');
    assert.equal(asked.response.status, 200);
    expectTexts(asked.body, vi);
    assert.match(asked.response.headers.get('vary') ?? '', /accept-language/i);
    assert.equal(asked.body.locale, 'fr', 'the checkout’s own locale stays as it was');

    // A language without a translation falls through to the next.
    expectTexts((await session(token, '?locale=de', 'sw-KE')).body, fr);
    expectTexts((await session(token, '', 'sw-KE')).body, fr);

    const { token: noLocale } = await createCheckout(server);
    expectTexts((await session(noLocale, '', 'de-DE, pt-BR;q=0.9, sw;q=0.8')).body, ptAO);
    expectTexts((await session(noLocale, '?locale=sw', 'fr')).body, sw);
  });

  test('English, which the element has built in: no translation', async () => {
    const { token } = await createCheckout(server, { locale: 'en' });
    const { response, body } = await session(token, '', 'fr');
    assert.equal(response.status, 200);
    assert.equal(body.translation, undefined);
    const { token: noLocale } = await createCheckout(server);
    assert.equal((await session(noLocale, '', 'de, ja;q=0.5, *;q=0.1')).body.translation, undefined);
    assert.equal((await session(noLocale)).body.translation, undefined);
    expectTexts((await session(token, '?locale=fr-CI')).body, fr);
  });

  test('a locale parameter that is not a BCP 47 tag: 400 INVALID_LOCALE', async () => {
    const { token } = await createCheckout(server, { locale: 'fr' });
    for (const locale of ['not a tag!', 'en_US', 'x'.repeat(100), '12']) {
      const { response, body } = await session(token, `?locale=${encodeURIComponent(locale)}`);
      assert.equal(response.status, 400, locale);
      assert.equal(body.error?.code, 'INVALID_LOCALE');
      assert.match(body.error?.message ?? '', /BCP 47/);
    }
    // Empty: as if the element had no locale of its own.
    expectTexts((await session(token, '?locale=')).body, fr);
  });
});

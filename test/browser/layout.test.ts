import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { en, fr, ptAO, registerTranslation, sw, vi } from '../../src/i18n/index';
import type { InstructionKind } from '../../contract';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, type FakeBackend } from './helpers';

const LOCALES = [en, fr, ptAO, vi, sw].map((t) => t.$code);
// As an app that builds every language in, so that one element can switch among them all.
registerTranslation(fr, ptAO, vi, sw);
/**
 * The demo's column on a 320px phone (254: the page's and the panel's padding), a small phone
 * (320 − margins), a common phone (390 − margins), and the element's own maximum.
 */
const WIDTHS = [254, 288, 358, 440];
const KINDS = Object.keys(INSTRUCTIONS) as InstructionKind[];

/** Everything in the shadow root that sticks out of the card on either side. */
function overflowing(element: MomoCheckout): string[] {
  const card = part(element, 'card')!.getBoundingClientRect();
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part~=card] *')]
    .filter((node) => {
      const box = node.getBoundingClientRect();
      return box.width > 0 && (box.left < card.left - 0.5 || box.right > card.right + 0.5);
    })
    .map((node) => `${node.localName}${node.getAttribute('part') ? `[part=${node.getAttribute('part')}]` : ''}`);
}

/** Lines of text a button's label takes (its line height is 1.5 × its font size). */
function labelLines(button: HTMLElement): number {
  const style = getComputedStyle(button);
  const content = button.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - parseFloat(style.borderTopWidth) * 2;
  const lineHeight = parseFloat(style.fontSize) * 1.5;
  // The button's min-height leaves room around one line; two lines need more than that.
  return content < lineHeight * 1.9 ? 1 : Math.round(content / lineHeight);
}

describe('layout in every locale and width', () => {
  let backend: FakeBackend | undefined;
  let element: MomoCheckout | undefined;

  afterEach(() => {
    backend?.restore();
    element?.remove();
  });

  async function show(kind: InstructionKind, parent?: HTMLElement): Promise<MomoCheckout> {
    backend = fakeBackend(fixtureSession({ currency: 'AOA', amount: '45000', instructions: [INSTRUCTIONS[kind]] }));
    const mounted = mount(fakeToken(), parent);
    element = mounted.element;
    await mounted.next('momo-ready');
    return element;
  }

  async function eachLayout(element: MomoCheckout, check: (where: string, width: number) => void, widths = WIDTHS): Promise<void> {
    for (const width of widths) {
      element.style.width = `${width}px`;
      for (const locale of LOCALES) {
        element.locale = locale;
        await element.updateComplete;
        check(`${locale} at ${width}px`, width);
      }
    }
  }

  it('bank slip: each copy button stays on the line of the number it copies (below it only on the smallest phones)', async () => {
    const shown = await show('bank-reference');
    await eachLayout(shown, (where, width) => {
      if (width < 320) return;
      const slip = part(shown, 'bank-reference')!;
      const rows = [...slip.querySelectorAll('dd')].filter((dd) => dd.querySelector('[part~=copy-button]'));
      expect(rows.length, where).to.equal(2);
      for (const dd of rows) {
        const number = dd.firstElementChild!.getBoundingClientRect();
        const button = dd.querySelector('[part~=copy-button]')!.getBoundingClientRect();
        expect(button.top, `${where}: the copy button wrapped under ${dd.firstElementChild!.textContent}`).to.be.below(number.bottom);
      }
    });
  });

  it('bank slip: the print button says it on one line, down to the demo column of a 320px phone', async () => {
    const shown = await show('bank-reference');
    await eachLayout(shown, (where) => {
      const print = part(shown, 'print-button')!;
      expect(labelLines(print), `${where}: "${print.textContent!.trim()}" wrapped`).to.equal(1);
    });
  });

  for (const kind of KINDS) {
    it(`${kind}: nothing sticks out of the card`, async () => {
      const shown = await show(kind);
      await eachLayout(shown, (where) => expect(overflowing(shown).join(' '), where).to.equal(''));
    });
  }

  describe("in the demo page's column on a 320px phone", () => {
    let column: HTMLElement;
    let stylesheet: HTMLLinkElement;

    before(async () => {
      await setViewport({ width: 320, height: 640 });
      // The demo's own stylesheet, and its markup around the element (demo/index.html), with the
      // widest of the merchant form's controls: a select is as wide as its longest option.
      stylesheet = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '/demo/demo.css' });
      const loaded = new Promise((resolve, reject) => {
        stylesheet.onload = resolve;
        stylesheet.onerror = reject;
      });
      document.head.append(stylesheet);
      await loaded;
      document.body.insertAdjacentHTML(
        'beforeend',
        `<main class="columns" id="demo-columns">
          <section class="panel"><h2>1 · Merchant</h2><form>
            <label>Method <select><option>Multicaixa Express (approve on phone)</option></select></label>
            <div class="row"><label>Amount <input inputmode="decimal" /></label><label>Currency <select><option>AOA</option></select></label></div>
          </form></section>
          <section class="panel checkout"><h2>2 · Payer's page</h2><p class="hint" hidden>Create a checkout to see the element.</p></section>
          <section class="panel sandbox"><h2>3 · Sandbox payer</h2></section>
        </main>`,
      );
      column = document.querySelector<HTMLElement>('#demo-columns .checkout')!;
    });

    after(async () => {
      document.querySelector('#demo-columns')?.remove();
      stylesheet.remove();
      await setViewport({ width: 800, height: 600 });
    });

    for (const kind of KINDS) {
      it(`${kind}: fits the column, and the page does not scroll sideways`, async () => {
        const shown = await show(kind, column);
        shown.style.width = '';
        const style = getComputedStyle(column);
        const inner = column.getBoundingClientRect();
        const contentLeft = inner.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
        const contentRight = inner.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
        for (const locale of LOCALES) {
          shown.locale = locale;
          await shown.updateComplete;
          const where = `${kind} in ${locale}`;
          expect(document.documentElement.scrollWidth, `${where}: the page is wider than the phone`).to.equal(320);
          const box = shown.getBoundingClientRect();
          expect([box.left, box.right], `${where}: the element leaves the column`).to.deep.equal([contentLeft, contentRight]);
          expect(overflowing(shown).join(' '), where).to.equal('');
        }
      });
    }
  });
});

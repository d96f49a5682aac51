import { expect } from '@open-wc/testing';
import { en, fr, ptAO, sw, vi } from '../../src/i18n/index';
import type { InstructionKind } from '../../contract';
import type { MomoCheckout } from '../../src/momo-checkout';
import { fakeBackend, fakeToken, fixtureSession, INSTRUCTIONS, mount, part, type FakeBackend } from './helpers';

const LOCALES = [en, fr, ptAO, vi, sw].map((t) => t.$code);
/** A small phone (320 − margins), a common phone (390 − margins), and the element's own maximum. */
const WIDTHS = [288, 358, 440];

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

describe('layout in every locale and width', () => {
  let backend: FakeBackend | undefined;
  let element: MomoCheckout | undefined;

  afterEach(() => {
    backend?.restore();
    element?.remove();
  });

  async function show(kind: InstructionKind): Promise<MomoCheckout> {
    backend = fakeBackend(fixtureSession({ currency: 'AOA', amount: '45000', instructions: [INSTRUCTIONS[kind]] }));
    const mounted = mount(fakeToken());
    element = mounted.element;
    await mounted.next('momo-ready');
    return element;
  }

  async function eachLayout(element: MomoCheckout, check: (where: string, width: number) => void): Promise<void> {
    for (const width of WIDTHS) {
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

  for (const kind of Object.keys(INSTRUCTIONS) as InstructionKind[]) {
    it(`${kind}: nothing sticks out of the card`, async () => {
      const shown = await show(kind);
      await eachLayout(shown, (where) => expect(overflowing(shown).join(' '), where).to.equal(''));
    });
  }
});

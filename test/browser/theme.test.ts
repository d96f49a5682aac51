import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { MomoCheckout } from '../../src/momo-checkout';
import { printPalette } from '../../src/styles/receipt.css';
import { dark, light, vars } from '../../src/styles/theme.css';
import { en } from '../../src/i18n/en';
import { part } from './helpers';
import { leave, reach, STATES, type StateName } from './states';

type Rgba = [number, number, number, number];

/** A computed colour: `rgb()`/`rgba()`, or `color(srgb …)` (what `color-mix()` computes to). */
function parse(color: string): Rgba {
  const numbers = (color.match(/[\d.]+(?:e-?\d+)?/g) ?? []).map(Number);
  if (color.startsWith('color(srgb')) return [numbers[0]! * 255, numbers[1]! * 255, numbers[2]! * 255, numbers[3] ?? 1];
  if (color.startsWith('rgb')) return [numbers[0]!, numbers[1]!, numbers[2]!, numbers[3] ?? 1];
  throw new Error(`unexpected colour ${color}`);
}

const hex = (value: string): string =>
  `rgb(${parse(`rgb(${[1, 3, 5].map((i) => parseInt(value.slice(i, i + 2), 16)).join(', ')})`)
    .slice(0, 3)
    .join(', ')})`;

/** The colour behind `element`: its own and its ancestors' backgrounds, over the white page. */
function backdrop(element: Element): Rgba {
  const layers: Rgba[] = [];
  for (let node: Element | null = element; node; node = node.parentElement ?? (node.getRootNode() as ShadowRoot).host ?? null) {
    const layer = parse(getComputedStyle(node).backgroundColor);
    if (layer[3] > 0) layers.unshift(layer);
    if (layer[3] === 1) break;
  }
  return layers.reduce<Rgba>((under, [r, g, b, a]) => [r * a + under[0] * (1 - a), g * a + under[1] * (1 - a), b * a + under[2] * (1 - a), 1], [255, 255, 255, 1]);
}

const luminance = ([r, g, b]: Rgba): number =>
  [r, g, b]
    .map((channel) => channel / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);

/** WCAG 2.2 contrast ratio of `fg` drawn over `bg`. */
function contrast(fg: Rgba, bg: Rgba): number {
  const [r, g, b, a] = fg;
  const over: Rgba = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a), 1];
  const [hi, lo] = [luminance(over), luminance(bg)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

interface Measure {
  what: string;
  ratio: number;
  needs: number;
}

/**
 * Every visible text in the element against what is behind it (4.5:1, or 3:1 when large), and
 * the non-text pieces a payer must see (3:1): icons, the phone field's border.
 */
function measure(element: MomoCheckout): Measure[] {
  const measures: Measure[] = [];
  const label = (node: Element) => node.getAttribute('part') ?? node.closest('[part]')?.getAttribute('part') ?? node.localName;
  for (const node of element.shadowRoot!.querySelectorAll('*')) {
    const style = getComputedStyle(node);
    const box = node.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden') continue; // hidden, or for screen readers only
    const ownText = [...node.childNodes].some((child) => child.nodeType === Node.TEXT_NODE && child.textContent!.trim());
    if (ownText) {
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      measures.push({ what: `${label(node)} text`, ratio: contrast(parse(style.color), backdrop(node)), needs: large ? 3 : 4.5 });
    }
    if (node.localName === 'svg' && node.getAttribute('role') !== 'img') {
      measures.push({ what: `${label(node)} icon`, ratio: contrast(parse(style.color), backdrop(node)), needs: 3 });
    }
    if (node.localName === 'input') {
      measures.push({ what: 'phone-input border', ratio: contrast(parse(style.borderTopColor), backdrop(node.parentElement!)), needs: 3 });
    }
    // The status line's dot (loading, open statuses, reconnecting): a filled dot, or a spinner's arc.
    if (node.parentElement?.getAttribute('part') === 'status' && node.getAttribute('aria-hidden') === 'true') {
      const fill = parse(style.backgroundColor);
      const ink = fill[3] > 0 ? fill : parse(style.borderTopColor);
      measures.push({ what: 'status dot', ratio: contrast(ink, backdrop(node.parentElement)), needs: 3 });
    }
  }
  return measures;
}

/** A computed colour once the buttons' hover transitions have run. */
function color(element: MomoCheckout, name: string, property: 'color' | 'backgroundColor' = 'color'): string {
  for (const animation of element.shadowRoot!.getAnimations()) if (animation instanceof CSSTransition) animation.finish();
  return getComputedStyle(part(element, name)!)[property];
}

/** The value each theme variable has on the element now, by token name (`brand`, `text`, …). */
const palette = (element: MomoCheckout) => Object.fromEntries(Object.entries(vars.color).map(([key, variable]) => [key, getComputedStyle(element).getPropertyValue(variable.slice(4, -1)).trim()]));

describe('<momo-checkout> themes', () => {
  afterEach(async () => {
    leave();
    await emulateMedia({ colorScheme: 'light', media: 'screen' });
  });

  it('follows prefers-color-scheme: every colour has a light and a dark default', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const { element } = await reach('push error');
    expect(palette(element)).to.deep.equal(light);
    expect(color(element, 'card', 'backgroundColor')).to.equal(hex(light.background));
    expect(color(element, 'amount')).to.equal(hex(light.text));
    expect(color(element, 'phone-error')).to.equal(hex(light.danger));
    expect(getComputedStyle(element).colorScheme).to.equal('light');

    await emulateMedia({ colorScheme: 'dark' });
    expect(palette(element)).to.deep.equal(dark);
    for (const key of Object.keys(dark) as (keyof typeof dark)[]) expect(dark[key], key).to.not.equal(light[key]);
    expect(color(element, 'card', 'backgroundColor')).to.equal(hex(dark.background));
    expect(color(element, 'amount')).to.equal(hex(dark.text));
    expect(color(element, 'merchant')).to.equal(hex(dark.muted));
    expect(color(element, 'pay-button', 'backgroundColor')).to.equal(hex(dark.brand));
    expect(color(element, 'pay-button')).to.equal(hex(dark.onBrand));
    expect(color(element, 'phone-error')).to.equal(hex(dark.danger));
    expect(getComputedStyle(element).colorScheme).to.equal('dark');
  });

  it('the merchant’s --momo-* values win over both themes, on the element or an ancestor', async () => {
    const { element } = await reach('push form');
    const container = element.parentElement!;
    element.style.setProperty('--momo-color-brand', '#7c2d12');
    container.style.setProperty('--momo-color-background', '#fefce8');
    container.style.setProperty('--momo-radius', '3px');
    for (const scheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme: scheme });
      expect(color(element, 'pay-button', 'backgroundColor'), scheme).to.equal('rgb(124, 45, 18)');
      expect(color(element, 'card', 'backgroundColor'), scheme).to.equal('rgb(254, 252, 232)');
      expect(getComputedStyle(part(element, 'card')!).borderTopLeftRadius, scheme).to.equal('3px');
      // What the merchant did not set still follows the theme.
      expect(color(element, 'amount'), scheme).to.equal(hex((scheme === 'dark' ? dark : light).text));
    }
  });

  it('theme="dark" and theme="light" force a theme, whatever the payer prefers', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const { element } = await reach('ussd (desktop)');
    element.theme = 'dark';
    await element.updateComplete;
    expect(element.getAttribute('theme')).to.equal('dark');
    expect(palette(element)).to.deep.equal(dark);

    await emulateMedia({ colorScheme: 'dark' });
    element.setAttribute('theme', 'light');
    expect(element.theme).to.equal('light');
    expect(palette(element)).to.deep.equal(light);
    element.removeAttribute('theme');
    expect(palette(element)).to.deep.equal(dark);
  });

  it('prints black on white, even in the dark theme', async () => {
    const { element } = await reach('bank-reference');
    element.theme = 'dark';
    await element.updateComplete;
    await emulateMedia({ colorScheme: 'dark', media: 'print' });
    expect(palette(element)).to.deep.equal(printPalette);
    element.theme = undefined;
    await element.updateComplete;
    expect(palette(element)).to.deep.equal(printPalette);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`meets WCAG 2.2 AA contrast in every state, ${scheme}`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const seen = new Set<string>();
      const failures: string[] = [];
      for (const name of Object.keys(STATES) as StateName[]) {
        const { element } = await reach(name);
        for (const { what, ratio, needs } of measure(element)) {
          seen.add(what);
          if (ratio < needs) failures.push(`${name}: ${what} ${ratio.toFixed(2)} < ${needs}`);
        }
        leave();
      }
      expect(failures).to.deep.equal([]);
      // The pairs that matter most were all measured.
      for (const what of [
        'status text',
        'amount text',
        'merchant text',
        'description text',
        'copy-button text',
        'dial-button text',
        'pay-button text',
        'print-button text',
        'receipt text',
        'phone-error text',
        'reason text',
        'final text',
        'final icon',
        'error icon',
        'phone-input border',
        'push-wait text',
        'push-help text',
        'push-ended text',
        'push-notice text',
        'push-other text',
        'ussd-code text',
        'status dot',
        'reconnecting text',
        'countdown text',
      ]) {
        expect(seen, what).to.include(what);
      }
    });
  }

  it('"Reconnecting…" has a line of its own under the status text, beside a dot drawn at 3:1 or more, in both themes', async () => {
    const { element } = await reach('reconnecting');
    const line = part(element, 'status')!;
    const [dot, text] = [...line.children] as HTMLElement[];
    const reconnecting = part(element, 'reconnecting')!;
    expect(reconnecting.textContent).to.equal(en.reconnecting);
    expect(reconnecting.getBoundingClientRect().top, 'below the status text').to.be.at.least(text!.getBoundingClientRect().bottom - 0.5);
    expect(Math.round(reconnecting.getBoundingClientRect().left), 'aligned with the text').to.equal(Math.round(text!.getBoundingClientRect().left));
    for (const scheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme: scheme });
      expect(contrast(parse(getComputedStyle(dot!).backgroundColor), backdrop(line)), `dot, ${scheme}`).to.be.at.least(3);
      expect(contrast(parse(getComputedStyle(reconnecting).color), backdrop(reconnecting)), `text, ${scheme}`).to.be.at.least(4.5);
    }
  });

  it('the last minute is drawn urgent: the countdown in the danger colour, at 4.5:1 or more', async () => {
    const { element } = await reach('last minute');
    const countdown = part(element, 'countdown')!;
    for (const scheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme: scheme });
      expect(getComputedStyle(countdown).color, scheme).to.equal(hex((scheme === 'dark' ? dark : light).danger));
      expect(contrast(parse(getComputedStyle(countdown).color), backdrop(countdown)), scheme).to.be.at.least(4.5);
    }
    leave();
    await emulateMedia({ colorScheme: 'light' });
    // With more time left, it is the quiet muted line.
    const calm = await reach('ussd (desktop)');
    expect(getComputedStyle(part(calm.element, 'countdown')!).color).to.equal(hex(light.muted));
  });
});

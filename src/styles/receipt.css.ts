import { globalStyle, style } from '@vanilla-extract/css';
import { vars } from './theme.css.js';

/** What is paid for and by whom (summary), the proof of payment (paid panel), and how a receipt prints. */

/** Reference and payer, side by side while they fit. */
export const meta = style({ display: 'flex', flexWrap: 'wrap', gap: '0 16px', margin: '6px 0 0', fontSize: '0.875rem' });
globalStyle(`${meta} > div`, { display: 'flex', gap: '0.4em', minWidth: 0 });
globalStyle(`${meta} dt`, { color: vars.color.muted });
globalStyle(`${meta} dd`, { margin: 0, fontWeight: 500, overflowWrap: 'anywhere' });

/** One line per item: its name (wrapping) and its amount (never wrapping). */
export const items = style({ display: 'grid', gap: '2px', margin: '8px 0 0', padding: 0, listStyle: 'none', fontSize: '0.875rem' });
globalStyle(`${items} li`, { display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: '12px' });
globalStyle(`${items} li > :first-child`, { minWidth: 0, overflowWrap: 'anywhere' });
globalStyle(`${items} li > :last-child`, { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' });

export const more = style({ fontSize: '0.875rem' });
globalStyle(`${more} > summary`, { marginTop: '2px', color: vars.color.brand, fontWeight: 500, cursor: 'pointer' });

/** The paid panel's proof: label and value per row, values wrapping under their labels when the card is narrow. */
export const proof = style({
  justifySelf: 'stretch',
  margin: '8px 0 0',
  padding: '0 16px',
  border: `1px solid ${vars.color.border}`,
  borderRadius: '12px',
  textAlign: 'start',
  fontSize: '0.9375rem',
});
globalStyle(`${proof} > div`, { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', alignItems: 'baseline', gap: '2px 16px', padding: '10px 0' });
globalStyle(`${proof} > div + div`, { borderTop: `1px solid ${vars.color.border}` });
globalStyle(`${proof} dt`, { color: vars.color.muted, fontSize: '0.875rem' });
globalStyle(`${proof} dd`, {
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  justifyContent: 'flex-end',
  gap: '4px 10px',
  minWidth: 0,
  margin: '0 0 0 auto',
  fontWeight: 600,
  textAlign: 'end',
  textWrap: 'balance', // "March 2, 2026 / at 09:41 AM UTC", not a lone "AM UTC"
  overflowWrap: 'anywhere',
  fontVariantNumeric: 'tabular-nums',
});

/** The fee breakdown under an amount. */
export const breakdown = style({ flexBasis: '100%', color: vars.color.muted, fontSize: '0.8125rem', fontWeight: 400 });

export const transactionId = style({ fontFamily: vars.font.mono, userSelect: 'all' });

export const actions = style({ display: 'flex', flexWrap: 'wrap', justifyContent: 'center', gap: '8px', marginTop: '12px' });

/** Useless on paper: "you can close this page", links. */
export const screenOnly = style({ '@media': { print: { display: 'none' } } });

/*
 * Printed, the checkout is black on white whatever the theme or the page's colours, without its
 * card's frame, as wide as the paper up to the card's width (a thermal roll is narrower).
 */
export const printPalette = {
  text: '#000',
  onBrand: '#fff',
  muted: '#000',
  brand: '#000',
  success: '#000',
  danger: '#000',
  warning: '#000',
  background: '#fff',
  subtle: '#fff',
  border: '#000',
} as const satisfies Record<keyof typeof vars.color, string>;
globalStyle(':host', {
  '@media': { print: { vars: Object.fromEntries(Object.entries(printPalette).map(([key, value]) => [vars.color[key as keyof typeof vars.color], value])) } },
});
globalStyle('[part~=card]', { '@media': { print: { border: 0, borderRadius: 0 } } });
// Folded items are all on paper, where nothing unfolds (where the browser can open them for print).
const unfoldable = 'selector(::details-content)';
globalStyle(`${more}::details-content`, { '@media': { print: { '@supports': { [unfoldable]: { contentVisibility: 'visible' } } } } });
globalStyle(`${more} > summary`, { '@media': { print: { '@supports': { [unfoldable]: { display: 'none' } } } } });

import { globalStyle, style } from '@vanilla-extract/css';
import { vars } from './theme.css.js';

/** Pieces the element and the views share (they render into the same shadow root). */

export const visuallyHidden = style({
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
});

export const blockTitle = style({
  margin: 0,
  fontSize: '0.8125rem',
  fontWeight: 600,
  letterSpacing: '0.02em',
  textTransform: 'uppercase',
  color: vars.color.muted,
});

export const hint = style({
  margin: 0,
  fontSize: '0.875rem',
  color: vars.color.muted,
});

export const button = style({
  display: 'inline-flex',
  alignItems: 'center',
  justifyContent: 'center',
  gap: '6px',
  minHeight: '40px',
  padding: '8px 14px',
  border: `1px solid ${vars.color.border}`,
  borderRadius: '10px',
  background: vars.color.background,
  color: vars.color.brand,
  font: 'inherit',
  fontSize: '0.875rem',
  fontWeight: 600,
  textDecoration: 'none',
  cursor: 'pointer',
  // Long labels ("Imprimir dados de pagamento" on a 320px phone) wrap rather than widen the card.
  textAlign: 'center',
  transition: 'background-color 120ms ease, border-color 120ms ease',
  selectors: {
    '&:hover': { borderColor: vars.color.brand, background: vars.color.subtle },
    '&:focus-visible': { outline: `2px solid ${vars.color.brand}`, outlineOffset: '2px' },
  },
});

export const primaryButton = style([
  button,
  {
    borderColor: vars.color.brand,
    background: vars.color.brand,
    color: vars.color.onBrand,
    selectors: {
      '&:hover': { background: vars.color.brand, filter: 'brightness(1.08)' },
    },
  },
]);

const narrow = '(max-width: 360px)';

/** One way to pay: title, content, hint, stacked. */
export const block = style({ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: '10px' });

/** A boxed line of copyable text (USSD code, wallet code) and its buttons. */
export const codeBox = style({
  display: 'flex',
  alignItems: 'center',
  flexWrap: 'wrap',
  gap: '10px 12px',
  padding: '12px 12px 12px 16px',
  border: `1px solid ${vars.color.border}`,
  borderRadius: '12px',
  background: vars.color.subtle,
});

export const codeText = style({
  flex: '1 1 auto',
  minWidth: 0,
  fontFamily: vars.font.mono,
  // Sized to the card so a usual code stays on one line from 320px up; breaks only after `*`.
  fontSize: 'clamp(1.125rem, 6.5cqi, 1.5rem)',
  fontWeight: 600,
  lineHeight: 1.3,
  fontVariantNumeric: 'tabular-nums',
  userSelect: 'all',
});

/** A group of characters after the first: a gap that is not a copied space. */
export const group = style({ marginInlineStart: '0.3em' });

export const actions = style({
  display: 'flex',
  gap: '8px',
  flex: 'none',
  '@container': { [narrow]: { flex: '1 1 100%' } },
});

globalStyle(`${actions} > *`, { '@container': { [narrow]: { flex: '1 1 0' } } });

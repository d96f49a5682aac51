import { style } from '@vanilla-extract/css';
import { vars } from '../styles/theme.css';

export const block = style({ display: 'grid', gap: '10px' });

export const codeRow = style({
  display: 'flex',
  alignItems: 'center',
  flexWrap: 'wrap',
  gap: '10px 12px',
  padding: '12px 12px 12px 16px',
  border: `1px solid ${vars.color.border}`,
  borderRadius: '12px',
  background: vars.color.subtle,
});

export const code = style({
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

/** `*` and `#`: quieter than the digits, so the numbers stand out. */
export const separator = style({ color: vars.color.brand, fontWeight: 500 });

/** A digit group after the first in a long run: a gap that is not a copied space. */
export const group = style({ marginInlineStart: '0.3em' });

export const actions = style({
  display: 'flex',
  gap: '8px',
  flex: 'none',
  '@container': { '(max-width: 360px)': { flex: '1 1 100%' } },
});

export const action = style({
  '@container': { '(max-width: 360px)': { flex: '1 1 0' } },
});

import { style } from '@vanilla-extract/css';
import { vars } from '../styles/theme.css.js';

export const field = style({ display: 'flex', flexWrap: 'wrap', gap: '8px' });

export const label = style({ fontSize: '0.875rem', fontWeight: 500 });

export const input = style({
  flex: '1 1 12em',
  minWidth: 0,
  minHeight: '44px',
  padding: '0 12px',
  border: `1px solid ${vars.color.muted}`,
  borderRadius: '10px',
  background: vars.color.background,
  color: 'inherit',
  font: 'inherit',
  fontSize: '1.125rem',
  fontVariantNumeric: 'tabular-nums',
  letterSpacing: '0.02em',
  selectors: {
    '&:focus-visible': { outline: `2px solid ${vars.color.brand}`, outlineOffset: '1px' },
    '&[aria-invalid=true]': { borderColor: vars.color.danger },
  },
});

export const submit = style({ minHeight: '44px', flex: '1 0 auto' });

export const error = style({ margin: 0, color: vars.color.danger, fontSize: '0.875rem', fontWeight: 500 });

export const wait = style({
  display: 'grid',
  justifyItems: 'center',
  gap: '6px',
  padding: '24px 16px',
  borderRadius: '12px',
  background: vars.color.subtle,
  textAlign: 'center',
});

export const spinner = style({ width: '32px', height: '32px', marginBottom: '8px', borderWidth: '3px' });

export const waitTitle = style({ margin: 0, fontSize: '1.0625rem', fontWeight: 600 });

/** Not the number's fault (the network, the provider, the balance): beside the button, never on the field. */
export const notice = style({
  margin: 0,
  padding: '8px 12px',
  borderInlineStart: `3px solid ${vars.color.warning}`,
  borderRadius: '8px',
  background: vars.color.subtle,
  fontSize: '0.875rem',
});

/** "Wrong number or didn't get it?", folded at the foot of the wait screen. */
export const help = style({ justifySelf: 'stretch', marginTop: '4px', fontSize: '0.875rem', color: vars.color.muted });

/** The browser's own disclosure triangle says it unfolds; a touch-sized line. */
export const helpSummary = style({
  padding: '12px 0',
  color: vars.color.brand,
  fontWeight: 600,
  cursor: 'pointer',
  selectors: { '&:focus-visible': { outline: `2px solid ${vars.color.brand}`, outlineOffset: '2px', borderRadius: '6px' } },
});

export const helpBody = style({ display: 'grid', justifyItems: 'center', gap: '8px' });

/** "Use another number": second to "Send again". */
export const other = style({ justifySelf: 'start' });

import { globalStyle, style } from '@vanilla-extract/css';
import { vars } from '../styles/theme.css.js';

export const block = style({
  display: 'grid',
  gridTemplateColumns: 'auto 1fr',
  alignItems: 'center',
  gap: '20px',
  margin: 0,
  '@container': {
    '(max-width: 380px)': { gridTemplateColumns: '1fr', justifyItems: 'center', textAlign: 'center', gap: '14px' },
  },
});

/** Always dark on light with a quiet zone, whatever the theme: scanners need the contrast. */
export const code = style({
  display: 'block',
  width: '176px',
  height: '176px',
  border: `1px solid ${vars.color.border}`,
  borderRadius: '12px',
  background: '#ffffff',
});

// A provider's image may come without its quiet zone; a dark card around it would then hide
// the code's edge from the scanner.
globalStyle(`img${code}`, { padding: '10px' });

export const caption = style({ display: 'grid', gap: '4px' });

/** The payload as text, folded away under the caption. */
export const text = style({ marginTop: '8px', fontSize: '0.875rem', color: vars.color.muted });
export const payload = style({ display: 'block', margin: '6px 0', fontFamily: vars.font.mono, wordBreak: 'break-all', color: vars.color.text });

/** On phones: the QR code folded away, for paying from another phone. */
export const otherPhone = style({ display: 'grid', gap: '14px' });

/** A touch-sized line to unfold it. */
export const otherPhoneSummary = style({
  display: 'flex',
  alignItems: 'center',
  gap: '8px',
  minHeight: '44px',
  color: vars.color.brand,
  fontSize: '0.9375rem',
  fontWeight: 600,
  cursor: 'pointer',
  listStyle: 'none',
  selectors: {
    '&::-webkit-details-marker': { display: 'none' },
    // A chevron that turns when open; the summary's own marker differs between browsers.
    '&::before': {
      content: '""',
      flex: 'none',
      width: '8px',
      height: '8px',
      borderRight: '2px solid currentColor',
      borderBottom: '2px solid currentColor',
      transform: 'rotate(-45deg)',
      transition: 'transform 120ms ease',
    },
    [`${otherPhone}[open] > &::before`]: { transform: 'rotate(45deg)' },
    '&:focus-visible': { outline: `2px solid ${vars.color.brand}`, outlineOffset: '2px', borderRadius: '6px' },
  },
});

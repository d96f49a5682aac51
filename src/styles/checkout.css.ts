import { globalStyle, keyframes, style, styleVariants } from '@vanilla-extract/css';
import { vars } from './theme.css.js';

const narrow = '(max-width: 360px)';
const reducedMotion = '(prefers-reduced-motion: reduce)';

export const card = style({
  position: 'relative',
  overflow: 'hidden',
  background: vars.color.background,
  border: `1px solid ${vars.color.border}`,
  borderRadius: vars.radius,
  boxShadow: vars.shadow,
});

export const section = style({
  padding: '24px',
  '@container': { [narrow]: { padding: '18px 16px' } },
});

export const summary = style([section, { display: 'grid', gap: '2px' }]);

export const merchant = style({
  margin: 0,
  fontSize: '0.875rem',
  fontWeight: 500,
  color: vars.color.muted,
  overflowWrap: 'anywhere',
});

export const amount = style({
  margin: 0,
  fontSize: '2rem',
  fontWeight: 700,
  lineHeight: 1.2,
  letterSpacing: '-0.02em',
  fontVariantNumeric: 'tabular-nums',
  overflowWrap: 'anywhere',
  '@container': { [narrow]: { fontSize: '1.75rem' } },
});

export const description = style({
  margin: '6px 0 0',
  fontSize: '0.9375rem',
  color: vars.color.muted,
  overflowWrap: 'anywhere',
});

export const instructions = style([
  section,
  {
    display: 'grid',
    gap: '20px',
    borderTop: `1px solid ${vars.color.border}`,
  },
]);

export const divider = style({
  display: 'flex',
  alignItems: 'center',
  gap: '12px',
  fontSize: '0.8125rem',
  color: vars.color.muted,
  selectors: {
    '&::before, &::after': { content: '""', flex: 1, borderTop: `1px solid ${vars.color.border}` },
  },
});

const pulse = keyframes({
  '0%': { boxShadow: `0 0 0 0 color-mix(in srgb, ${vars.color.brand} 45%, transparent)` },
  '70%': { boxShadow: `0 0 0 8px color-mix(in srgb, ${vars.color.brand} 0%, transparent)` },
  '100%': { boxShadow: `0 0 0 0 color-mix(in srgb, ${vars.color.brand} 0%, transparent)` },
});

const spin = keyframes({ to: { transform: 'rotate(360deg)' } });

// A grid, so "Reconnecting…" gets a line of its own under the status text, not a column beside it.
export const status = style({
  display: 'grid',
  gridTemplateColumns: 'auto minmax(0, 1fr)',
  alignItems: 'center',
  gap: '2px 10px',
  minHeight: '52px',
  padding: '14px 24px',
  borderTop: `1px solid ${vars.color.border}`,
  background: vars.color.subtle,
  fontSize: '0.9375rem',
  fontWeight: 500,
  '@container': { [narrow]: { padding: '14px 16px' } },
  selectors: { '&:empty': { display: 'none' } },
});

const indicatorBase = style({
  flex: 'none',
  width: '10px',
  height: '10px',
  borderRadius: '50%',
});

export const indicator = styleVariants({
  pending: [
    indicatorBase,
    {
      background: vars.color.brand,
      animation: `${pulse} 1.8s ease-out infinite`,
      '@media': { [reducedMotion]: { animation: 'none' } },
    },
  ],
  processing: [
    indicatorBase,
    {
      width: '14px',
      height: '14px',
      border: `2px solid color-mix(in srgb, ${vars.color.brand} 25%, transparent)`,
      borderTopColor: vars.color.brand,
      animation: `${spin} 0.9s linear infinite`,
      '@media': { [reducedMotion]: { animation: 'none' } },
    },
  ],
  // Still dots, drawn at 3:1 or more against the status bar in both themes (theme.test.ts measures them).
  loading: [indicatorBase, { background: vars.color.muted }],
  offline: [indicatorBase, { background: vars.color.warning }],
});

/** "Connection lost. Reconnecting…": under the status text, beside no dot. */
export const reconnecting = style({ gridColumn: 2, color: vars.color.muted, fontSize: '0.875rem', fontWeight: 400 });

/* Final and error panels */

export const panel = style([
  section,
  {
    display: 'grid',
    justifyItems: 'center',
    gap: '8px',
    padding: '32px 24px',
    borderTop: `1px solid ${vars.color.border}`,
    textAlign: 'center',
  },
]);

const iconBase = style({
  display: 'grid',
  placeItems: 'center',
  width: '56px',
  height: '56px',
  marginBottom: '8px',
  borderRadius: '50%',
});

export const icon = styleVariants({
  success: [iconBase, { color: vars.color.success, background: `color-mix(in srgb, ${vars.color.success} 12%, transparent)` }],
  danger: [iconBase, { color: vars.color.danger, background: `color-mix(in srgb, ${vars.color.danger} 10%, transparent)` }],
  neutral: [iconBase, { color: vars.color.warning, background: `color-mix(in srgb, ${vars.color.warning} 12%, transparent)` }],
});

// Focus lands here only to move screen readers along (focus.ts); a heading is not a control, so no ring.
export const panelTitle = style({ margin: 0, fontSize: '1.25rem', fontWeight: 650, lineHeight: 1.3, outline: 'none' });

export const panelBody = style({ margin: 0, maxWidth: '32ch', color: vars.color.muted, fontSize: '0.9375rem' });

export const reason = style({
  margin: '4px 0',
  padding: '10px 14px',
  borderRadius: '10px',
  background: `color-mix(in srgb, ${vars.color.danger} 8%, transparent)`,
  color: vars.color.danger,
  fontSize: '0.9375rem',
  fontWeight: 500,
});

export const errorCode = style({ margin: 0, fontSize: '0.75rem', color: vars.color.muted, fontFamily: vars.font.mono });

export const panelActions = style({ marginTop: '12px' });

/* Loading skeleton */

const shimmer = keyframes({
  '0%': { backgroundPosition: '100% 0' },
  '100%': { backgroundPosition: '-100% 0' },
});

export const skeletonBlock = style({
  borderRadius: '8px',
  background: `linear-gradient(90deg, ${vars.color.subtle} 25%, ${vars.color.border} 50%, ${vars.color.subtle} 75%)`,
  backgroundSize: '200% 100%',
  animation: `${shimmer} 1.4s ease-in-out infinite`,
  '@media': { [reducedMotion]: { animation: 'none' } },
});

export const skeleton = styleVariants({
  merchant: [skeletonBlock, { width: '40%', height: '14px', margin: '4px 0 8px' }],
  amount: [skeletonBlock, { width: '60%', height: '32px' }],
  description: [skeletonBlock, { width: '75%', height: '14px', marginTop: '10px' }],
  qr: [skeletonBlock, { width: '176px', height: '176px', borderRadius: '12px' }],
  text: [skeletonBlock, { width: '80%', height: '14px' }],
  line: [skeletonBlock, { width: '100%', height: '64px', borderRadius: '12px' }],
});

/** Mirrors the QR view's layout, so nothing jumps when the checkout arrives. */
export const skeletonRow = style({
  display: 'grid',
  gridTemplateColumns: 'auto 1fr',
  alignItems: 'center',
  gap: '20px',
  '@container': { '(max-width: 380px)': { gridTemplateColumns: '1fr', justifyItems: 'center' } },
});

export const skeletonLines = style({ display: 'grid', gap: '10px', width: '100%' });

/** Ticks every second: tabular digits keep the line from jittering. */
export const countdown = style({ margin: '6px 0 0', fontSize: '0.875rem', color: vars.color.muted, fontVariantNumeric: 'tabular-nums' });

/** The last minute: seen, not only heard (the status line says it to screen readers). */
export const countdownUrgent = style([countdown, { color: vars.color.danger, fontWeight: 600 }]);

/**
 * A server-rendered checkout on a page without script: what only script can do is not offered
 * (copying, printing, sending the request to the phone, "Try again"). The rest (codes, links,
 * the QR code, the slip) works as it is, and so does the phone form where it posts to a page
 * (`pay-action`). `!important`: each of these has a display of its own.
 */
const scriptingNone = '(scripting: none)';
globalStyle('[part~=copy-button], [part~=print-button], [part~=retry-button], [part~=push-other], form[part~=push]:not([action])', {
  '@media': { [scriptingNone]: { display: 'none !important' } },
});
// The "or" next to the phone form goes with it: before it, or after it when it comes first.
globalStyle(`${divider}:has(+ form[part~=push]:not([action])), [part~=instructions] > form[part~=push]:not([action]):nth-child(2) + ${divider}`, {
  '@media': { [scriptingNone]: { display: 'none' } },
});

import { globalStyle, style } from '@vanilla-extract/css';
import { vars } from '../styles/theme.css.js';

/**
 * Below this, labels go above their values: beside them, a long label ("Hạn thanh toán") leaves
 * the reference and its copy button too little room, and the button would wrap under the number.
 * The element is at most 440px wide unless the page widens it, so labels beside values are for wide pages.
 */
const narrow = '(max-width: 480px)';

/** The slip: label, value and copy button per row; labels in one column, or above their values. */
export const slip = style({
  display: 'grid',
  gridTemplateColumns: 'auto 1fr',
  margin: 0,
  padding: '0 16px',
  border: `1px solid ${vars.color.border}`,
  borderRadius: '12px',
  '@container': { [narrow]: { gridTemplateColumns: '1fr' } },
});

globalStyle(`${slip} > div`, { display: 'contents' });
globalStyle(`${slip} > div > *`, { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '4px 12px', margin: 0, padding: '10px 0' });
globalStyle(`${slip} > div + div > *`, { borderTop: `1px solid ${vars.color.border}` });
globalStyle(`${slip} dt`, { paddingInlineEnd: '16px', color: vars.color.muted, fontSize: '0.875rem', '@container': { [narrow]: { paddingBottom: 0 } } });
globalStyle(`${slip} dd`, { justifyContent: 'space-between', minHeight: '60px', fontWeight: 600, fontVariantNumeric: 'tabular-nums' });
globalStyle(`${slip} > div > dd`, { '@container': { [narrow]: { minHeight: 0, paddingTop: '2px', borderTop: 0 } } });

/** Entity and reference: the payer types these at the ATM. */
export const number = style({ fontFamily: vars.font.mono, fontSize: '1.125rem' });

export const print = style({ justifySelf: 'start' });

/*
 * Printed, the slip is all that is left of the checkout (plus who and how much): no buttons,
 * no status line, no countdown (stale on paper, beside the due date), no other ways to pay, no shadow.
 */
globalStyle('[part~=card] :is(button, [part~=status], [part~=countdown]), [part~=instructions]:has([part~=bank-reference]) > :not([part~=bank-reference])', {
  '@media': { print: { display: 'none' } },
});
globalStyle('[part~=card]', { '@media': { print: { boxShadow: 'none', breakInside: 'avoid' } } });

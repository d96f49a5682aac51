import { style } from '@vanilla-extract/css';
import { vars } from '../styles/theme.css.js';

/** `*` and `#`: quieter than the digits, so the numbers stand out. */
export const separator = style({ color: vars.color.brand, fontWeight: 500 });

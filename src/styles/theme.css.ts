import { createGlobalThemeContract, createThemeContract, fallbackVar, globalStyle } from '@vanilla-extract/css';

const names = {
  color: {
    brand: 'color-brand',
    onBrand: 'color-on-brand',
    text: 'color-text',
    muted: 'color-muted',
    background: 'color-background',
    subtle: 'color-subtle',
    border: 'color-border',
    success: 'color-success',
    danger: 'color-danger',
    warning: 'color-warning',
  },
  font: { family: 'font-family', mono: 'font-family-mono' },
  radius: 'radius',
  shadow: 'shadow',
};

/**
 * The public styling tokens (`--momo-*`). The element never sets them: a merchant sets them on
 * the element or any ancestor (`momo-checkout { --momo-color-brand: #ffcb05 }`), and they win
 * over both themes' defaults.
 */
export const tokens = createGlobalThemeContract(names, (name) => `momo-${name}`);

/** What the styles use: each token, else the current theme's default. */
export const vars = createThemeContract(names);

type Colors = Record<keyof typeof names.color, string>;

/** Every pair the element draws meets WCAG 2.2 AA (test/browser/theme.test.ts measures them). */
export const light: Colors = {
  brand: '#0f766e',
  onBrand: '#ffffff',
  text: '#0f172a',
  muted: '#475569',
  background: '#ffffff',
  subtle: '#f6f8fa',
  border: '#e2e8f0',
  success: '#15803d',
  danger: '#b91c1c',
  warning: '#b45309',
};

export const dark: Colors = {
  brand: '#2dd4bf',
  onBrand: '#042f2e',
  text: '#f1f5f9',
  muted: '#94a3b8',
  background: '#0f172a',
  subtle: '#1e293b',
  border: '#334155',
  success: '#4ade80',
  danger: '#f87171',
  warning: '#fbbf24',
};

const theme = (colors: Colors, shadow: string, scheme: string) => ({
  vars: {
    ...Object.fromEntries(Object.entries(colors).map(([key, value]) => [vars.color[key as keyof Colors], fallbackVar(tokens.color[key as keyof Colors], value)])),
    [vars.shadow]: fallbackVar(tokens.shadow, shadow),
  },
  // Native bits (caret, autofill, scrollbars) follow the theme too.
  colorScheme: scheme,
});

const lightTheme = theme(light, '0 1px 2px rgb(15 23 42 / 0.06), 0 12px 32px -8px rgb(15 23 42 / 0.16)', 'light');
const darkTheme = theme(dark, '0 1px 2px rgb(0 0 0 / 0.3), 0 12px 32px -8px rgb(0 0 0 / 0.5)', 'dark');

globalStyle(':host', {
  ...lightTheme,
  vars: {
    ...lightTheme.vars,
    [vars.font.family]: fallbackVar(tokens.font.family, 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif'),
    [vars.font.mono]: fallbackVar(tokens.font.mono, 'ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas, "Roboto Mono", "Liberation Mono", "DejaVu Sans Mono", monospace'),
    [vars.radius]: fallbackVar(tokens.radius, '14px'),
  },
  display: 'block',
  maxWidth: '440px',
  containerType: 'inline-size',
  color: vars.color.text,
  fontFamily: vars.font.family,
  fontSize: '16px',
  lineHeight: 1.5,
  WebkitFontSmoothing: 'antialiased',
  textAlign: 'start',
});

// Dark on screens only: a printed slip stays dark on white paper.
globalStyle(':host([theme=dark])', { '@media': { screen: darkTheme } });
globalStyle(':host(:not([theme=light]))', { '@media': { 'screen and (prefers-color-scheme: dark)': darkTheme } });

globalStyle(':host([hidden])', { display: 'none' });
globalStyle('*, *::before, *::after', { boxSizing: 'border-box' });

import { createGlobalThemeContract, globalStyle } from '@vanilla-extract/css';

/**
 * The public styling tokens. Names are stable (`--momo-*`), so a merchant can set them on
 * the element from their own stylesheet: `momo-checkout { --momo-color-brand: #ffcb05 }`.
 * Outer styles beat `:host` rules, so the defaults below are only defaults.
 */
export const vars = createGlobalThemeContract(
  {
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
    font: {
      family: 'font-family',
      mono: 'font-family-mono',
    },
    radius: 'radius',
    shadow: 'shadow',
  },
  (name) => `momo-${name}`,
);

globalStyle(':host', {
  vars: {
    [vars.color.brand]: '#0f766e',
    [vars.color.onBrand]: '#ffffff',
    [vars.color.text]: '#0f172a',
    [vars.color.muted]: '#475569',
    [vars.color.background]: '#ffffff',
    [vars.color.subtle]: '#f6f8fa',
    [vars.color.border]: '#e2e8f0',
    [vars.color.success]: '#15803d',
    [vars.color.danger]: '#b91c1c',
    [vars.color.warning]: '#b45309',
    [vars.font.family]:
      'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
    [vars.font.mono]:
      'ui-monospace, "SF Mono", SFMono-Regular, Menlo, Consolas, "Roboto Mono", "Liberation Mono", "DejaVu Sans Mono", monospace',
    [vars.radius]: '14px',
    [vars.shadow]: '0 1px 2px rgb(15 23 42 / 0.06), 0 12px 32px -8px rgb(15 23 42 / 0.16)',
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

globalStyle(':host([hidden])', { display: 'none' });
globalStyle('*, *::before, *::after', { boxSizing: 'border-box' });

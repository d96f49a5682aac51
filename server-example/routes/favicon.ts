import type { Context } from 'hono';

/**
 * `/favicon.ico`, which every browser asks for whatever the page links: a 32×32 icon (a white
 * ring on the demo's blue, PNG inside an ICO), so the console shows no 404 on the demo pages.
 */
const ICON = Buffer.from(
  'AAABAAEAICAAAAEAIACzAAAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAgAAAAIAgGAAAAc3p69AAAAHpJREFUeNrtl0EKACAIBP1BT+zXfaduQVGRormEC92ynUvqEk1KuVTLQydZmx8hXpkvIV6bDxBe5h0iACRFO5kD3MoEgCtVAKlUADgPSyDYANr3SfMxSV0ABAA2gPs3hGhE7q0YYhhBjGOIhSR2wu+yAU40gwinXvG8ASoE03gUupCuAAAAAElFTkSuQmCC',
  'base64',
);

export function favicon(c: Context) {
  c.header('Content-Type', 'image/x-icon');
  c.header('Cache-Control', 'public, max-age=86400');
  return c.body(new Uint8Array(ICON));
}

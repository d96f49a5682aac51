import { html, svg, unsafeCSS, type TemplateResult } from 'lit';
import cssText from '/src/views/qr.css.ts.vanilla.css?inline';
import { unpackQrMatrix } from '../../contract/qr-matrix.js';
import { blockTitle, hint } from '../styles/shared.css.js';
import { copyButton, skip } from './parts.js';
import * as css from './qr.css.js';
import type { QrMatrix } from '../../contract/index.js';
import type { Translation } from '../i18n/translation.js';
import type { InstructionOf, InstructionView } from './types.js';

/** Modules of quiet zone around the symbol, as the QR specification asks. */
const QUIET_ZONE = 4;

/**
 * A QR code drawn as one SVG path (`payload`'s matrix, encoded by the backend in the session's
 * `qrCodes`), or else the provider's ready image (a `data:image/…` URI) as-is, captioned with
 * what reads it. On a phone it is folded away under "Pay from another phone": nobody scans
 * their own screen.
 */
export const qrView: InstructionView<'qr'> = {
  kind: 'qr',
  order: { phone: 40, desktop: 0 },
  styles: unsafeCSS(cssText),
  render(instruction, ctx) {
    const { payload, image } = instruction;
    const { t, session, device } = ctx;
    const alt = t.qr.alt(session.merchant);
    const drawn = typeof payload === 'string' && payload !== '';
    const code = drawn ? qrSvg(session.qrCodes?.[payload], alt) : undefined;
    const picture = code ?? (typeof image === 'string' && SAFE_IMAGE.test(image) ? html`<img class=${css.code} src=${image} alt=${alt} />` : undefined);
    if (!picture) return skip('qr', 'has neither a payload the backend encoded (in qrCodes) nor a data:image URI');
    // The payload as text, for a payer who cannot scan; unless the USSD block shows it already.
    const shownElsewhere = session.instructions.some((other) => other?.kind === 'ussd' && other.code === payload);
    const asText =
      drawn && !shownElsewhere
        ? html`<details part="qr-text" class=${css.text}>
          <summary>${t.qr.asText}</summary>
          <code class=${css.payload}>${payload}</code>
          ${copyButton(payload, ctx, t.qr.asText)}
        </details>`
        : undefined;
    const figure = qrFigure(picture, t.qr.title, qrCaption(instruction, t), asText);
    if (device !== 'phone') return figure;
    return html`<details part="qr-other-phone" class=${css.otherPhone}>
      <summary class=${css.otherPhoneSummary}>${t.qr.otherPhone}</summary>
      ${figure}
    </details>`;
  },
};

/** A payload a phone's camera can act on by itself: a web link opens, a `tel:` URI dials. */
const CAMERA_READABLE = /^(?:https?:\/\/|tel:)/i;

/**
 * What the caption says reads the code: the backend's `scanWith` (a camera only for a payload
 * a camera can act on), else the camera for such a payload, else the payer's mobile money app.
 */
export function qrCaption({ payload, scanWith, appName }: InstructionOf<'qr'>, t: Translation): string {
  const app = typeof appName === 'string' && appName.trim() !== '' ? appName.trim() : undefined;
  const camera = typeof payload === 'string' && CAMERA_READABLE.test(payload);
  if (scanWith === 'app' && app) return t.qr.app(app);
  if (scanWith === 'app-or-bank' && app) return t.qr.appOrBank(app);
  if (camera && (scanWith === undefined || scanWith === 'camera')) return t.qr.camera;
  // A provider image says nothing about itself: its backend's word is all there is.
  if (scanWith === 'camera' && !payload) return t.qr.camera;
  return t.qr.hint;
}

/** A QR code from the session's `qrCodes` in one SVG path, with its quiet zone; `undefined` without a valid one. */
export function qrSvg(matrix: QrMatrix | undefined, alt: string): TemplateResult | undefined {
  const drawn = matrix ? qrPath(matrix) : undefined; // it came over the wire: may be anything
  if (!drawn) return undefined;
  const { size, path } = drawn;
  const box = size + QUIET_ZONE * 2;
  return html`<svg
    class=${css.code}
    role="img"
    aria-label=${alt}
    viewBox="${-QUIET_ZONE} ${-QUIET_ZONE} ${box} ${box}"
    shape-rendering="crispEdges"
    data-modules=${size}
  >${svg`<path fill="#000" d=${path} />`}</svg>`;
}

/** A QR picture with its caption beside it (below it in a narrow card). */
export const qrFigure = (picture: TemplateResult, title: string, hintText: string, extra?: TemplateResult): TemplateResult => html`
  <figure part="qr" class=${css.block}>
    ${picture}
    <figcaption class=${css.caption}>
      <h3 class=${blockTitle}>${title}</h3>
      <p class=${hint}>${hintText}</p>
      ${extra}
    </figcaption>
  </figure>
`;

/** Only raster or SVG images embedded as data: an `<img>` never runs script, but may fetch URLs. */
const SAFE_IMAGE = /^data:image\/(?:png|gif|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]+$/;

/** Matrices whose path is kept: a checkout shows one or two QR codes; a page, a few checkouts. */
const PATHS_KEPT = 4;
/** By `modules`; least recently drawn first. The countdown re-renders every second. */
const paths = new Map<string, QrPath>();

export type QrPath = Readonly<{ size: number; path: string }>;

/**
 * The dark modules of `matrix` as one SVG path: each horizontal run of dark modules in a row
 * is one `M x y h n v1 h-n z` rectangle; `undefined` for a matrix that is not a whole QR code.
 * The last few matrices' paths are kept, so drawing the same one again costs nothing.
 */
export function qrPath(matrix: QrMatrix): QrPath | undefined {
  let kept = paths.get(matrix.modules);
  if (kept && kept.size === matrix.size) {
    paths.delete(matrix.modules); // and set again below: now the most recently drawn
  } else {
    const dark = unpackQrMatrix(matrix);
    if (!dark) return undefined;
    kept = Object.freeze(pathOf(matrix.size, dark));
    if (paths.size >= PATHS_KEPT) paths.delete(paths.keys().next().value!);
  }
  paths.set(matrix.modules, kept);
  return kept;
}

function pathOf(size: number, dark: Uint8Array): { size: number; path: string } {
  let path = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      if (!dark[y * size + x]) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < size && dark[y * size + x + run]) run++;
      path += `M${x} ${y}h${run}v1h-${run}z`;
      x += run;
    }
  }
  return { size, path };
}

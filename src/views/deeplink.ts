import { html } from 'lit';
import { isHttpUrl, safeLink } from '../core/url.js';
import { block, blockTitle, button, hint, primaryButton } from '../styles/shared.css.js';
import { skip } from './parts.js';
import { qrFigure, qrSvg } from './qr.js';
import type { InstructionView } from './types.js';

/**
 * A wallet app's payment link: an "Open <app>" button on phones; on desktops a QR code of the
 * link to scan with the phone (the session's `qrCodes` has it; unless the checkout shows a QR
 * code already). The provider's web page, when given, is the fallback.
 */
export const deeplinkView: InstructionView<'deeplink'> = {
  kind: 'deeplink',
  order: { phone: 0, desktop: 10 },
  render({ url, appName, webUrl }, { t, device, session }) {
    const href = safeLink(url);
    if (!href || typeof appName !== 'string') return skip('deeplink', 'has no app name or a link that is not safe to open');
    const web = typeof webUrl === 'string' && isHttpUrl(webUrl) ? html`<a part="web-link" class=${button} href=${webUrl} target="_blank" rel="noopener noreferrer">${t.deeplink.web}</a>` : undefined;
    // Two QR codes one above the other would only make the payer wonder which one to scan.
    const qr = session.instructions.some((other) => other?.kind === 'qr');
    const code = device === 'desktop' && !qr ? qrSvg(session.qrCodes?.[url], t.qr.alt(session.merchant)) : undefined;
    // A desktop can't open the app: without a code to scan or a web page, nothing to show.
    if (device === 'desktop' && !code && !web) return undefined;
    return html`
      <section part="deeplink" class=${block}>
        ${
          device === 'phone'
            ? // `_top`: an app link must never load inside the merchant's iframe.
              html`<h3 class=${blockTitle}>${t.deeplink.title(appName)}</h3>
              <a part="open-app" class=${primaryButton} href=${href} target="_top">${t.deeplink.open(appName)}</a>
              <p class=${hint}>${t.deeplink.hint(appName)}</p>`
            : code
              ? qrFigure(code, t.qr.title, t.deeplink.scanHint(appName))
              : html`<h3 class=${blockTitle}>${t.deeplink.title(appName)}</h3>`
        }
        ${web}
      </section>
    `;
  },
};

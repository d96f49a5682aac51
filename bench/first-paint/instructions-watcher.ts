/**
 * Runs in the page before any of its scripts (`page.addInitScript`): checks once a frame, just
 * before the frame paints, whether the payment instructions are in the DOM and laid out, and
 * resolves `window.instructionsVisible` with `performance.now()` at the first frame they are,
 * i.e. milliseconds since navigation start (`performance.timeOrigin`).
 *  - momo-checkout: a way to pay (`[part~=qr]`, `[part~=ussd]`, …) with a non-zero box, in the
 *    element's shadow root (declarative or attached) or one nested in it;
 *  - Adyen Web: its QR `<img>` loaded (a broken or pending image shows no code) with a non-zero box.
 */
export type InstructionsKind = 'momo-checkout' | 'adyen';

declare global {
  interface Window {
    instructionsVisible?: Promise<number>;
  }
}

/** Self-contained: Playwright sends its source to the page. */
export function watchForInstructions(kind: InstructionsKind): void {
  const WAYS_TO_PAY = ['qr', 'ussd', 'bank-reference', 'deeplink', 'code', 'push'].map((part) => `[part~="${part}"]`).join(',');
  const laidOut = (element: Element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const visibleIn = (shadow: ShadowRoot): boolean =>
    [...shadow.querySelectorAll(WAYS_TO_PAY)].some(laidOut) || [...shadow.querySelectorAll('*')].some((element) => element.shadowRoot !== null && visibleIn(element.shadowRoot));
  const momoVisible = () => [...document.querySelectorAll('momo-checkout')].some((element) => element.shadowRoot !== null && visibleIn(element.shadowRoot));
  const adyenVisible = () =>
    [...document.querySelectorAll<HTMLImageElement>('.adyen-checkout__qr-loader img[data-testid$="-qr-image"]')].some((image) => image.complete && image.naturalWidth > 0 && laidOut(image));
  const visible = kind === 'adyen' ? adyenVisible : momoVisible;
  window.instructionsVisible = new Promise((resolve) => {
    const check = () => (visible() ? resolve(performance.now()) : requestAnimationFrame(check));
    requestAnimationFrame(check);
  });
}

/**
 * The checkout's payment link (`url` in the create answer): copied for an SMS or a chat, or
 * opened in a phone-sized window with the phone layout, as a payer's phone would show it.
 */
export function paymentLinkPanel(panel: HTMLElement) {
  const copyButton = panel.querySelector<HTMLButtonElement>('#copy-link')!;
  const open = panel.querySelector<HTMLButtonElement>('#open-link')!;
  const status = panel.querySelector<HTMLElement>('#copy-link-status')!;
  let link: string | undefined;

  copyButton.addEventListener('click', async () => {
    if (!link) return;
    status.textContent = await navigator.clipboard.writeText(link).then(
      () => 'Link copied.',
      () => `Copy it by hand: ${link}`,
    );
  });
  open.addEventListener('click', () => {
    // A window the size of a phone; the page lays itself out as on one (its `device` parameter).
    if (link) window.open(phoneView(link), 'momo-payment-link', 'popup,width=390,height=844');
  });

  return {
    /** Shows the link of the checkout now on the page, or hides the panel when it has none. */
    show(url: string | undefined) {
      link = url;
      panel.hidden = !url;
      status.textContent = '';
    },
  };
}

/** The link as a phone shows it: the page takes `device=phone` for a preview on a desktop. */
function phoneView(url: string): string {
  const preview = new URL(url);
  preview.searchParams.set('device', 'phone');
  return preview.href;
}

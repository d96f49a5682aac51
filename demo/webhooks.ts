import type { ReceivedWebhook } from '../server-example/routes/demo-webhooks';

/**
 * "Webhooks your server received": what the demo merchant's receiver (`/demo/webhooks` on the
 * backend) got and whether each signature verified. Polled, not pushed: once a second while a
 * checkout is followed and the page is visible, and for a while after it ended, since its
 * webhook (and any retry) arrives after the element has shown the outcome.
 */
const POLL_INTERVAL_MS = 1_000;
/** The demo's retries come up to 36 s after the first attempt (0, 1 s, 5 s, 30 s). */
const FOLLOW_AFTER_FINAL_MS = 40_000;

export interface WebhookPanel {
  /** A checkout is being followed: poll until it ends. */
  follow(): void;
  /** It ended: poll a while longer for its webhook and any retries. */
  settle(): void;
}

/** Identifies one arrival: a retry of the same `webhook-id` comes with a new time and attempt. */
const keyOf = (webhook: ReceivedWebhook) => JSON.stringify([webhook.id, webhook.verified, webhook.receivedAt, webhook.attempt]);

function text(tag: string, content: string, className?: string): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

/** Strings from the receiver (which anyone may have posted to) only ever become text. */
function renderWebhook(webhook: ReceivedWebhook): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.verified = String(webhook.verified);
  const verdict = webhook.verified ? '✔ signature verified' : '✘ signature invalid';
  const time = text('time', new Date(webhook.receivedAt).toLocaleTimeString());
  time.setAttribute('datetime', webhook.receivedAt);
  const subject = webhook.checkoutId ?? webhook.payoutId;
  // Separate pieces, spaced by CSS, so that a long id wraps whole onto its own line.
  const details: Node[] = [time];
  if (subject) details.push(text('code', subject));
  if (webhook.attempt && webhook.attempt > 1) details.push(text('span', `attempt ${webhook.attempt}`));
  if (webhook.error) details.push(text('span', webhook.error));
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.append(...details);
  item.append(text('strong', webhook.type ?? '(no type)'), ' ', text('span', verdict, 'verdict'), meta);
  return item;
}

export function webhookPanel(list: HTMLOListElement, empty: HTMLElement): WebhookPanel {
  const shown = new Map<string, HTMLLIElement>();
  let following = false;
  let followUntilMs = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** New arrivals are prepended and stale ones removed, so a screen reader hears only what is new. */
  function render(webhooks: ReceivedWebhook[]) {
    const keys = new Set(webhooks.map(keyOf));
    for (const [key, item] of shown) {
      if (keys.has(key)) continue;
      item.remove();
      shown.delete(key);
    }
    // Newest first, and new ones are always the newest: prepend them oldest first.
    for (const webhook of [...webhooks].reverse()) {
      const key = keyOf(webhook);
      if (shown.has(key)) continue;
      const item = renderWebhook(webhook);
      shown.set(key, item);
      list.prepend(item);
    }
    empty.hidden = webhooks.length > 0;
  }

  async function refresh() {
    const response = await fetch('/demo/webhooks', { cache: 'no-store' });
    if (response.ok) render(((await response.json()) as { data: ReceivedWebhook[] }).data);
  }

  function schedule() {
    clearTimeout(timer);
    if (document.visibilityState !== 'visible' || (!following && Date.now() >= followUntilMs)) return;
    timer = setTimeout(() => {
      void refresh()
        .catch(() => {})
        .finally(schedule);
    }, POLL_INTERVAL_MS);
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh().catch(() => {});
    schedule();
  });
  // What arrived before this page was opened.
  void refresh().catch(() => {});

  return {
    follow() {
      following = true;
      schedule();
    },
    settle() {
      following = false;
      followUntilMs = Date.now() + FOLLOW_AFTER_FINAL_MS;
      schedule();
    },
  };
}

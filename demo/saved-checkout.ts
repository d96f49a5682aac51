/**
 * The demo keeps its checkout across a reload, as a merchant's page would keep its order: the
 * token and what was chosen, in sessionStorage (this tab only, gone when it closes). A new
 * checkout replaces it. The element itself shows where a restored checkout stands, final or not.
 */
export interface SavedCheckout {
  id: string;
  token: string;
  /** Its payment link. */
  url?: string;
  /** What the merchant asked for: provider, method, amount, currency, … */
  order: Record<string, unknown>;
}

const KEY = 'momo-checkout-demo:checkout';

export function saveCheckout(saved: SavedCheckout): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(saved));
  } catch {
    // Storage off (a private window's quota, a policy): the demo works, it just forgets on reload.
  }
}

/** The saved checkout, when there is one and it reads as one. */
export function savedCheckout(): SavedCheckout | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<SavedCheckout> | null;
    if (typeof value?.id === 'string' && typeof value.token === 'string' && typeof value.order === 'object' && value.order !== null) {
      return { id: value.id, token: value.token, url: typeof value.url === 'string' ? value.url : undefined, order: value.order };
    }
  } catch {
    // Unreadable: as if nothing were saved.
  }
  return undefined;
}

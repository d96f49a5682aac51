export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spaces calls so that no more than `perSecond` start in any second (MTN asks for ≤ 10 status calls/s). */
export function createRateLimiter(perSecond: number) {
  const spacingMs = 1_000 / perSecond;
  let nextSlot = 0;
  return async function take() {
    const now = Date.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + spacingMs;
    if (slot > now) await sleep(slot - now);
  };
}

/**
 * `work`'s result if it settles within `ms`, else `late` — without waiting for it: an HTTP answer
 * that must not wait on a slow provider (the work goes on, and its outcome still applies). A
 * rejection of `work` within the time rejects; the timer never outlives the race.
 */
export async function answerWithin<T, L>(work: Promise<T>, ms: number, late: L): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<L>((resolve) => (timer = setTimeout(() => resolve(late), ms)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

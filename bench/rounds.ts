/** Interleaved measuring rounds (bench/status-throughput.ts): their order, and what their values say together. */

/**
 * `rounds` rounds of every measure, the order reversed every other round (A B C, C B A, …): a
 * slow drift of the machine (it warming, a neighbour's job starting) then favours no measure.
 */
export function interleavedRounds<T>(measures: readonly T[], rounds: number): T[][] {
  return Array.from({ length: rounds }, (_, round) => (round % 2 === 0 ? [...measures] : [...measures].reverse()));
}

export interface RoundsSummary {
  /** The middle value (the mean of the two middle ones for an even count). */
  median: number;
  min: number;
  max: number;
}

/** The median and the spread of one value per round. */
export function summarizeRounds(values: readonly number[]): RoundsSummary {
  if (values.length === 0) throw new Error('no rounds to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

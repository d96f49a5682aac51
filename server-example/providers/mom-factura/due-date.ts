/** Angola (WAT) is UTC+1 all year: no daylight saving. */
const LUANDA_UTC_OFFSET_MS = 3_600_000;

/**
 * When a bank reference's `dueDate` ("2026-03-14", a day in Luanda) is over: the payer may pay
 * through the whole of that day. Undefined for anything that is not such a date.
 */
export function endOfDueDate(dueDate: string | undefined): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(dueDate ?? '');
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const start = new Date(Date.UTC(year, month, day));
  // Date.UTC rolls "02-31" over into March: such a date is not one.
  if (start.getUTCMonth() !== month || start.getUTCDate() !== day) return undefined;
  return new Date(Date.UTC(year, month, day + 1) - LUANDA_UTC_OFFSET_MS);
}

/**
 * A runtime list of a string union's members that fails to compile when one is missing, so that
 * a zod enum built from it cannot fall behind the type: `everyOf<FailureReason>()(['rejected', …])`.
 */
export function everyOf<T extends string>() {
  return <const V extends readonly T[]>(values: V & ([Exclude<T, V[number]>] extends [never] ? unknown : { missing: Exclude<T, V[number]> })) => values;
}

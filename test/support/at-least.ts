/**
 * An array known to hold at least `N` items: `AtLeast<2, T>` is `[T, T, ...T[]]`, so that what a
 * helper guarantees (`receiver.waitFor(2)` resolves with two requests or more) reaches the
 * compiler under `noUncheckedIndexedAccess`. A count that is no literal gives a plain array.
 */
export type AtLeast<N extends number, T, Items extends T[] = []> = number extends N
  ? T[]
  : Items['length'] extends N
    ? [...Items, ...T[]]
    : AtLeast<N, T, [...Items, T]>;

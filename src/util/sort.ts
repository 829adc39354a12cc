/** UTF-16 code unit order (what `<` on strings gives). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `items` sorted by a text key, stably (equal keys keep their order), as a new array. The keys are read once
 * into a flat array and indices are sorted: with a comparator that reads the key from each object, sorting
 * 46k plan records of mixed shapes measured about twice as slow.
 * @param compare the order of the keys (default: UTF-16 code units)
 */
export function sortByKey<T>(
  items: readonly T[],
  key: (item: T) => string,
  compare: (a: string, b: string) => number = compareCodeUnits,
): T[] {
  const keys = items.map(key);
  const idx = Array.from(keys.keys());
  idx.sort((a, b) => compare(keys[a]!, keys[b]!) || a - b);
  return idx.map((i) => items[i]!);
}

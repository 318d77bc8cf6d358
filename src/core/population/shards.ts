/** The shard holding a citizen (its index in the whole population), given each shard's first citizen, in order. */
export function shardOf(starts: readonly number[], citizen: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= citizen) low = middle;
    else high = middle - 1;
  }
  return low;
}

// Reading a scenario's references while compiling: ids to indices, and the by-id multiplier tables.

/** Finds the index of an item by id; `where` names the field that refers to it, for the error. */
export type Lookup = (id: string, where: string) => number;

/**
 * The index of each item of `items` by id (`kind` names what they are: "behaviour", "source"). An unknown id throws:
 * a validated scenario never names one, so it is a programming mistake or a scenario that skipped validation, and a
 * silent default (index 0) would compile a different model without a word.
 */
export function lookup(items: readonly { id: string }[], kind: string): Lookup {
  const index = new Map(items.map((item, i) => [item.id, i]));
  return (id, where) => {
    const found = index.get(id);
    if (found === undefined) {
      const known = items.map((item) => item.id).join(", ") || "none";
      throw new Error(`unknown ${kind} "${id}" in ${where}; known: ${known}`);
    }
    return found;
  };
}

/** A flag per item (`count` of them), set for each id of `ids`. */
export function flags(count: number, ids: readonly string[], find: Lookup, where: string): Uint8Array {
  const flagged = new Uint8Array(count);
  for (const id of ids) flagged[find(id, where)] = 1;
  return flagged;
}

/** The factor a by-id table (`rateByGroup`, `detectionByIncome`, …) gives `id`: 1 when the table leaves it out. */
export function multiplier(table: Record<string, number>, id: string): number {
  return table[id] ?? 1;
}

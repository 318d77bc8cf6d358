import type { PathSegment, ScenarioIssue } from "./issues.js";
import { isReservedName } from "./plain.js";

// How a scenario that `extends` another is laid over it: mappings merge key by key, lists of items merge item by
// item (matched by `id`, provenance entries by `path`, a timeline's changes by `day`), anything else replaces, and
// `null` removes.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What names a list item: its `id`, for a provenance entry its `path`, for a timeline's change its `day`. */
export function itemKey(item: unknown): string | undefined {
  if (!isRecord(item)) return undefined;
  if (typeof item.id === "string") return item.id;
  if (typeof item.path === "string") return item.path;
  if (typeof item.day === "number" && isRecord(item.set)) return `day ${item.day}`;
  return undefined;
}

/** Whether an item is a timeline's change (`{ day, set }`): merged lists of them are kept in order of day. */
function isChange(item: unknown): item is { day: number } {
  return isRecord(item) && typeof item.day === "number" && isRecord(item.set);
}

/** An item that removes the base's item of that name: `- informants: null` (one key, set to null, no `id`). */
export function removedKey(item: unknown): string | undefined {
  if (!isRecord(item) || Object.hasOwn(item, "id")) return undefined;
  const keys = Object.keys(item);
  return keys.length === 1 && item[keys[0]] === null ? keys[0] : undefined;
}

/** Whether `top` is a list that merges into `base` item by item: every item named or a removal. */
function mergesByKey(base: unknown, top: unknown[]): base is unknown[] {
  return (
    Array.isArray(base) &&
    top.length > 0 &&
    base.some((item) => itemKey(item) !== undefined) &&
    top.every((item) => itemKey(item) !== undefined || removedKey(item) !== undefined)
  );
}

function mergeList(
  base: unknown[],
  top: unknown[],
  problems: ScenarioIssue[] | undefined,
  path: PathSegment[],
): unknown[] {
  const merged: unknown[] = [...base];
  const mergedFromTop = new Set<number>();
  top.forEach((item, index) => {
    const removed = removedKey(item);
    const key = removed ?? itemKey(item);
    const at = merged.findIndex((entry, k) => !mergedFromTop.has(k) && itemKey(entry) === key);
    if (removed !== undefined) {
      if (at >= 0) merged[at] = undefined;
      else {
        const known = merged.map(itemKey).filter((name): name is string => name !== undefined);
        problems?.push({
          code: "unknown_reference",
          path: [...path, index, removed],
          name: removed,
          kind: "item to remove",
          known,
        });
      }
    } else if (at >= 0) {
      merged[at] = mergeScenarioData(merged[at], item, problems, [...path, index]);
      mergedFromTop.add(at);
    } else {
      merged.push(mergeScenarioData(undefined, item, problems, [...path, index]));
      mergedFromTop.add(merged.length - 1);
    }
  });
  const kept = merged.filter((item) => item !== undefined);
  // A child's change on a new day goes where its day puts it in the base's timeline.
  return kept.every(isChange) ? kept.sort((a, b) => a.day - b.day) : kept;
}

/**
 * Lays `top` over `base`: mappings merge key by key and `null` removes a key; a list of items with ids (or
 * provenance entries, or a timeline's changes, named by their day) merges item by item — an item with a base item's
 * id overrides those fields (a change on a base change's day adds to its `set`), a new id is appended (a change on a
 * new day is put in order of day), and `- ID: null` removes the item of that id; any other list or value replaces what was below. That is
 * how a scenario that `extends` another changes or drops a part. A removal that names no item is pushed to
 * `problems`, with its path in `top`. Reserved keys (`__proto__`, …) are never written.
 */
export function mergeScenarioData(
  base: unknown,
  top: unknown,
  problems?: ScenarioIssue[],
  path: PathSegment[] = [],
): unknown {
  if (Array.isArray(top)) {
    if (mergesByKey(base, top)) return mergeList(base, top, problems, path);
    return top.map((item, index) => mergeScenarioData(undefined, item, problems, [...path, index]));
  }
  if (!isRecord(top)) return top;
  const merged: Record<string, unknown> = {};
  if (isRecord(base)) {
    for (const key of Object.keys(base)) if (!isReservedName(key)) merged[key] = base[key];
  }
  // In a timeline's `set`, null is a value the schema refuses (a change cannot remove a part), not a removal.
  const inChange = path.length === 3 && path[0] === "timeline" && path[2] === "set";
  for (const [key, value] of Object.entries(top)) {
    if (isReservedName(key)) continue;
    if (value === null && !inChange) delete merged[key];
    else merged[key] = mergeScenarioData(merged[key], value, problems, [...path, key]);
  }
  return merged;
}

/**
 * The path, in one layer of an `extends` chain, of what `path` names in the merged data: list items are found
 * by their id (or provenance path), so an item a child overrides is found in the child. Stops where the layer
 * holds no such item.
 */
export function layerPath(
  merged: unknown,
  layer: unknown,
  path: readonly PathSegment[],
): { path: PathSegment[]; whole: boolean } {
  const out: PathSegment[] = [];
  let inMerged = merged;
  let inLayer = layer;
  for (const segment of path) {
    if (typeof segment === "number" && Array.isArray(inMerged) && Array.isArray(inLayer)) {
      const key = itemKey(inMerged[segment]);
      // The same index when it holds the same item (so duplicated ids stay apart), else the item of that id.
      const index =
        key === undefined || itemKey(inLayer[segment]) === key
          ? segment
          : inLayer.findIndex((item) => itemKey(item) === key);
      if (index < 0 || index >= inLayer.length) return { path: out, whole: false };
      out.push(index);
      inMerged = inMerged[segment];
      inLayer = inLayer[index];
    } else {
      out.push(segment);
      inMerged = isRecord(inMerged) || Array.isArray(inMerged) ? (inMerged as never)[segment] : undefined;
      inLayer = isRecord(inLayer) || Array.isArray(inLayer) ? (inLayer as never)[segment] : undefined;
    }
  }
  return { path: out, whole: true };
}

/** A deep copy of plain data (mappings, lists and scalars). */
export function clonePlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clonePlain) as T;
  if (!isRecord(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) if (!isReservedName(key)) copy[key] = clonePlain(value[key]);
  return copy as T;
}

/**
 * The parts a layer removes, as dotted parameter paths (`blacklist.public`, `sources.informants`): the keys it
 * sets to null and the list items it removes by id.
 */
export function removedParts(layer: unknown, prefix = ""): string[] {
  const removed: string[] = [];
  const join = (key: string) => (prefix === "" ? key : `${prefix}.${key}`);
  if (Array.isArray(layer)) {
    for (const item of layer) {
      const gone = removedKey(item);
      const key = itemKey(item);
      if (gone !== undefined) removed.push(join(gone));
      else if (key !== undefined) removed.push(...removedParts(item, join(key)));
    }
  } else if (isRecord(layer)) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === null) removed.push(join(key));
      else if (key !== "provenance") removed.push(...removedParts(value, join(key)));
    }
  }
  return removed;
}

/**
 * Drops the inherited provenance entries of the parts a layer removes: their parameters are gone, and their
 * provenance goes with them. Entries the layer writes itself are kept (and checked).
 */
export function dropRemovedProvenance(merged: Record<string, unknown>, layer: Record<string, unknown>): void {
  const removed = removedParts(layer);
  if (removed.length === 0 || !Array.isArray(merged.provenance)) return;
  const own = new Set(Array.isArray(layer.provenance) ? layer.provenance.map(itemKey) : []);
  merged.provenance = merged.provenance.filter((entry) => {
    const path = itemKey(entry);
    if (path === undefined || own.has(path)) return true;
    return !removed.some((part) => path === part || path.startsWith(`${part}.`));
  });
}

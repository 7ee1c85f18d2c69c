/** A path into plain data (YAML read as JSON-like values): keys and list indexes. */
export type DataPath = readonly PropertyKey[];

/** Schema validation of plain data: the value, or the paths of the nodes it rejected. */
export type Validation<T> = { ok: true; value: T } | { ok: false; paths: DataPath[] };

/** Rounds of pruning tried before giving up: each round removes a level (a key, then its mapping). */
export const MAX_PRUNE_ROUNDS = 8;

/**
 * The parts of a schema-invalid document that still validate, so semantic rules can run on them in the
 * same pass as the schema: every rejected node is removed from a copy (a list item takes its whole list,
 * so no index shifts; a missing required key takes its mapping) and the copy validated again, a bounded
 * number of times. `pruned` lists what was removed, for dropping semantic problems that the removal
 * itself could cause. Undefined when the document as a whole had to go. Linear in the document per round.
 */
export function validateWhatRemains<T>(
  data: unknown,
  rejected: readonly DataPath[],
  validate: (data: unknown) => Validation<T>,
): { value: T; pruned: DataPath[] } | undefined {
  let copy: unknown;
  try {
    copy = structuredClone(data);
  } catch {
    return undefined;
  }
  const pruned: DataPath[] = [];
  const gone = new Set<string>();
  let paths = rejected;
  for (let round = 0; round < MAX_PRUNE_ROUNDS; round++) {
    const before = pruned.length;
    for (const path of paths) {
      if (path.some((_, i) => gone.has(keyOf(path.slice(0, i + 1))))) continue; // already removed
      const removed = removeAt(copy, path);
      if (removed === undefined) return undefined;
      pruned.push(removed);
      gone.add(keyOf(removed));
    }
    if (pruned.length === before) return undefined; // nothing left to remove, and still rejected
    const result = validate(copy);
    if (result.ok) return { value: result.value, pruned };
    paths = result.paths;
  }
  return undefined;
}

/** Removes the node at `path` (or the mapping key above it, see validateWhatRemains); its path, or undefined at the root. */
function removeAt(root: unknown, path: DataPath): DataPath | undefined {
  let end = path.length;
  // A list item goes with its whole list: removing it alone would renumber the items after it.
  while (end > 0 && typeof path[end - 1] === 'number') end--;
  if (end === 0) return undefined;
  const parent = nodeAt(root, path.slice(0, end - 1));
  const key = path[end - 1] as PropertyKey;
  if (!isRecord(parent) || !Object.hasOwn(parent, key)) {
    // Nothing there (a required key is missing): the mapping that needs it goes instead.
    return removeAt(root, path.slice(0, end - 1));
  }
  delete parent[key as string];
  return path.slice(0, end);
}

function keyOf(path: DataPath): string {
  return JSON.stringify(path.map((part) => (typeof part === 'symbol' ? String(part) : part)));
}

function nodeAt(root: unknown, path: DataPath): unknown {
  let here = root;
  for (const part of path) {
    if (Array.isArray(here) && typeof part === 'number') here = here[part];
    else if (isRecord(here) && Object.hasOwn(here, part)) here = here[part as string];
    else return undefined;
  }
  return here;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The removed nodes, formatted (`checks[0].status`), and the mappings they were removed from. */
export interface Removal {
  paths: readonly string[];
  parents: ReadonlySet<string>;
}

/** A Removal from the paths validateWhatRemains pruned, with the loader's own path format. */
export function removalOf(pruned: readonly DataPath[], format: (path: DataPath) => string): Removal {
  return { paths: pruned.map(format), parents: new Set(pruned.map((path) => format(path.slice(0, -1)))) };
}

/**
 * Whether a semantic problem at `at` may only follow from the removal: it is at, inside or above a
 * removed node, or (`lackingIn`: the problem is about a key the document lacks, in that mapping) it is
 * about a key missing next to a removed one, whose default then took the removed value's place (a bad
 * `model:` removed makes "replay" the model, and "cassette is required" would follow).
 */
export function followsFromRemoval(removal: Removal, at: string, lackingIn?: string): boolean {
  if (lackingIn !== undefined && removal.parents.has(lackingIn)) return true;
  return removal.paths.some((path) => pathsOverlap(path, at));
}

/**
 * Whether two formatted paths (`checks[0].status`) are the same node or one holds the other: a semantic
 * problem there may only be a consequence of removing the other, so it is left out.
 */
export function pathsOverlap(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short === '') return true;
  if (!long.startsWith(short)) return false;
  const next = long[short.length];
  return next === undefined || next === '.' || next === '[';
}

import {
  type Document,
  isScalar,
  type LineCounter,
  type Pair,
  parseDocument,
  visit,
  type YAMLMap,
  YAMLParseError,
} from 'yaml';

/**
 * `parseDocument` for files obra-validate reads (scenarios, cassettes, the gate config), with positions
 * and without pretty errors, whose duplicate-key check takes time linear in the file: yaml's own
 * (`uniqueKeys`) compares every key with each earlier key of its mapping, so 20,000 keys took 99 s to
 * refuse. A duplicate is reported as yaml reports it (DUPLICATE_KEY at the repeated key).
 */
export function parseYamlDocument(text: string, lineCounter: LineCounter): Document.Parsed {
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  doc.errors.push(...duplicateKeyErrors(doc));
  return doc;
}

/** One DUPLICATE_KEY error per key that repeats an earlier scalar key of the same mapping. */
function duplicateKeyErrors(doc: Document.Parsed): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key: unknown = pair.key;
        if (key !== null && !isScalar(key)) continue; // a mapping or list as a key: never equal to another
        const value = key === null ? null : key.value;
        if (!seen.has(value)) {
          seen.add(value);
          continue;
        }
        const offset = (key === null ? undefined : key.range?.[0]) ?? map.range?.[0] ?? 0;
        errors.push(new YAMLParseError([offset, offset + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
      }
    },
  });
  return errors;
}

const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/**
 * The first pair of `map` whose scalar key reads `key` (as String(key.value)), through an index built
 * once per mapping: finding the position of each of N problems in one mapping costs O(N), not O(N^2).
 */
export function pairByKey(map: YAMLMap, key: string): Pair | undefined {
  let index = indexes.get(map);
  if (index === undefined) {
    index = new Map();
    for (const pair of map.items) {
      const text = keyText(pair.key);
      if (text !== undefined && !index.has(text)) index.set(text, pair as Pair);
    }
    indexes.set(map, index);
  }
  return index.get(key);
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

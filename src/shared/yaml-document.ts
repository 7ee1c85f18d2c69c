import {
  type Document,
  isScalar,
  type LineCounter,
  type Pair,
  parseDocument,
  type Range,
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
  doc.errors.splice(0, doc.errors.length, ...atTheirStart(doc, doc.errors), ...duplicateKeyErrors(doc));
  return doc;
}

/**
 * yaml reports an unclosed quote or flow collection where it gave up looking for the closing
 * character (often the end of the file); the problem starts at the opening one. Such an error moves to
 * the start of the innermost quoted scalar or flow collection that ends where the error is.
 */
function atTheirStart(doc: Document.Parsed, errors: readonly YAMLParseError[]): YAMLParseError[] {
  const unclosed = new Set(
    errors.filter(
      (e) => e.code === 'MISSING_CHAR' || (e.code === 'BAD_INDENT' && /^Flow (map|sequence)/.test(e.message)),
    ),
  );
  if (unclosed.size === 0) return [...errors];
  const quotes = new Map<number, number>();
  const flows = new Map<number, number>();
  const note = (starts: Map<number, number>, range: Range | null | undefined) => {
    if (!range) return;
    // The innermost of those ending at one offset starts last.
    if ((starts.get(range[1]) ?? -1) < range[0]) starts.set(range[1], range[0]);
  };
  visit(doc, {
    Scalar(_, node) {
      if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') note(quotes, node.range);
    },
    Map(_, node) {
      if (node.flow) note(flows, node.range);
    },
    Seq(_, node) {
      if (node.flow) note(flows, node.range);
    },
  });
  return errors.map((error) => {
    const quote = /quote/.test(error.message);
    const start = (quote ? quotes : flows).get(error.pos[0]);
    if (!unclosed.has(error) || start === undefined) return error;
    const where = quote ? 'the quoted text starting here is never closed' : 'it starts here';
    return new YAMLParseError([start, start + 1], error.code, `${error.message} (${where})`);
  });
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

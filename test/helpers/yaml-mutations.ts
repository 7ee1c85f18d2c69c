import fc from 'fast-check';
import { isMap, isSeq, parseDocument } from 'yaml';

/**
 * Mutations of a YAML text, as data (so a failing case prints what was done): the bad input a user, an
 * editor or a disk can produce. `applyMutations` turns them into text; the loaders must answer every
 * result with problems that have a position, never with a crash.
 */
export type Mutation =
  | { kind: 'flip-byte'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert-key'; line: number; indent: number; key: string; value: string }
  | { kind: 'wrong-type'; pick: number; value: unknown }
  | { kind: 'deep-nesting'; pick: number; depth: number; flow: boolean }
  | { kind: 'alias-bomb'; width: number; depth: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'control-char'; at: number; char: string };

const keyText = fc.oneof(
  fc.constantFrom('version', 'name', 'tasks', 'checks', 'agent', 'turns', 'reply', 'when', 'fault', 'kind'),
  fc.string({ minLength: 1, maxLength: 12 }).map((s) => s.replace(/[\n:#]/g, '_')),
);
const scalarText = fc.oneof(
  fc.constantFrom(
    '1',
    '-1',
    'null',
    '~',
    'true',
    '[]',
    '{}',
    '"x"',
    '*a',
    '&a x',
    '!!binary aGk=',
    '|',
    '>-',
  ),
  fc.constantFrom('../../etc/passwd', '/etc/passwd', '{{cwd}}', '{{nope}}', '1e309', '0x1F', '.nan', '30s'),
  fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
);
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  fc.dictionary(keyText, fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), {
    maxKeys: 3,
  }),
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('flip-byte' as const),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert-key' as const),
    line: fc.nat(),
    indent: fc.integer({ min: 0, max: 8 }),
    key: keyText,
    value: scalarText,
  }),
  fc.record({ kind: fc.constant('wrong-type' as const), pick: fc.nat(), value: wrongValue }),
  fc.record({
    kind: fc.constant('deep-nesting' as const),
    pick: fc.nat(),
    depth: fc.integer({ min: 20, max: 1200 }),
    flow: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('alias-bomb' as const),
    width: fc.integer({ min: 2, max: 12 }),
    depth: fc.integer({ min: 2, max: 9 }),
  }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({
    kind: fc.constant('control-char' as const),
    at: fc.nat(),
    char: fc.constantFrom('\u0000', '\t', '\r', '\uFEFF', '\u2028', '\u0007', '\uFFFD', '\uD800'),
  }),
);

/** One to three mutations, applied in order. */
export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 3 });

export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(applyMutation, text);
}

export function applyMutation(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'flip-byte': {
      const bytes = Buffer.from(text, 'utf8');
      if (bytes.length === 0) return text;
      bytes[m.at % bytes.length] = m.byte;
      return bytes.toString('utf8'); // as the loaders read a file: invalid UTF-8 becomes U+FFFD
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'insert-key': {
      const lines = text.split('\n');
      lines.splice(m.line % (lines.length + 1), 0, `${' '.repeat(m.indent)}${m.key}: ${m.value}`);
      return lines.join('\n');
    }
    case 'duplicate-line': {
      const lines = text.split('\n');
      const at = m.line % Math.max(lines.length, 1);
      lines.splice(at, 0, lines[at] ?? '');
      return lines.join('\n');
    }
    case 'control-char': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.char + text.slice(at);
    }
    case 'alias-bomb': {
      // a: &a0 [x, x], b: &a1 [*a0, *a0, ...], ... (the "billion laughs" document), then the original.
      const lines = ['bomb0: &a0 [lol, lol, lol]'];
      for (let i = 1; i <= m.depth; i++) {
        lines.push(`bomb${i}: &a${i} [${Array.from({ length: m.width }, () => `*a${i - 1}`).join(', ')}]`);
      }
      return `${lines.join('\n')}\n${text}`;
    }
    case 'wrong-type':
    case 'deep-nesting':
      try {
        return replaceNode(text, m);
      } catch {
        return text; // the yaml library could not rewrite this document: keep the text as it was
      }
  }
}

/** Replaces one node (chosen by `pick` among all nodes) with a value of another type or a deep nest. */
function replaceNode(text: string, m: Extract<Mutation, { kind: 'wrong-type' | 'deep-nesting' }>): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = (pair.key as { value?: unknown } | null)?.value;
        if (typeof key !== 'string' && typeof key !== 'number') continue;
        paths.push([...path, key]);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        paths.push([...path, i]);
        walk(item, [...path, i]);
      });
    }
  };
  walk(doc.contents, []);
  if (paths.length === 0) return text;
  const path = paths[m.pick % paths.length] as (string | number)[];
  if (m.kind === 'wrong-type') {
    doc.setIn(path, doc.createNode(m.value));
    return doc.toString();
  }
  // Deep nesting is written as text (the yaml stringifier would recurse as deep as the value).
  const marker = '__obra_deep_nesting__';
  doc.setIn(path, marker);
  const nested = m.flow
    ? `${'['.repeat(m.depth)}1${']'.repeat(m.depth)}`
    : `${'{a: '.repeat(m.depth)}1${'}'.repeat(m.depth)}`;
  return doc.toString().replace(marker, nested);
}

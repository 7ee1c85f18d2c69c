import { type Document, isAlias, isMap, isSeq, LineCounter, type Node } from 'yaml';
// The module itself, not the barrel: the barrel is loaded by the live view's worker, which needs no yaml.
import { blockScalarHint } from '../shared/block-scalar-hint.js';
import { pairByKey, parseYamlDocument } from '../shared/yaml-document.js';
import type { DocPath, ScenarioProblem } from './problem.js';

/** Aliases a document may expand: guards against "billion laughs" documents. */
export const MAX_ALIAS_COUNT = 100;

export interface Position {
  line: number;
  col: number;
}

/**
 * Position of the node at `path`: its value, or (`at: 'key'`) the key naming it. When the path
 * does not exist (a missing key), the deepest existing ancestor's position.
 */
export type Locate = (path: DocPath, at?: 'key' | 'value') => Position;

export interface YamlSource {
  /** The document as plain data (undefined when the YAML could not be read). */
  data: unknown;
  /** True when the file holds no document at all (empty or only comments). */
  empty: boolean;
  locate: Locate;
  problems: ScenarioProblem[];
}

/** Parses YAML keeping positions. Syntax errors become problems with line:col; nothing throws. */
export function readYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, lineCounter);
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(line, 1), col: Math.max(col, 1) };
  };
  const locate: Locate = (path, at = 'value') => locateIn(doc, path, at, position);
  const problems: ScenarioProblem[] = [...doc.errors, ...doc.warnings].map((error) => {
    const at = position(error.pos[0]);
    const hint = blockScalarHint(text, at.line);
    return {
      file,
      ...at,
      path: '',
      message: `is not valid YAML: ${firstLine(error.message)} (${error.code})${hint}`,
    };
  });
  if (doc.errors.length > 0) return { data: undefined, empty: false, locate, problems };
  try {
    const data: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { data, empty: doc.contents === null, locate, problems };
  } catch (error) {
    problems.push({
      file,
      line: 1,
      col: 1,
      path: '',
      message: `could not be read: ${firstLine(error instanceof Error ? error.message : String(error))}`,
      hint: `a scenario may expand at most ${MAX_ALIAS_COUNT} YAML aliases`,
    });
    return { data: undefined, empty: false, locate, problems };
  }
}

function firstLine(message: string): string {
  const first = (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim();
  return /call stack/i.test(first) ? 'nested too deeply (the YAML parser ran out of stack)' : first;
}

function locateIn(
  doc: Document,
  path: DocPath,
  at: 'key' | 'value',
  position: (o: number) => Position,
): Position {
  let node: unknown = doc.contents;
  let best: number = offsetOf(node) ?? 0;
  for (const [index, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = pairByKey(node, String(segment));
      if (!pair) break;
      const keyOffset = offsetOf(pair.key);
      const valueOffset = offsetOf(pair.value);
      if (last && at === 'key' && keyOffset !== undefined) return position(keyOffset);
      best = valueOffset ?? keyOffset ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      best = offsetOf(item) ?? best;
      node = item;
    } else {
      break;
    }
  }
  return position(best);
}

function offsetOf(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
